package io.weft.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two threads' jobs in pools alice and bob on one local core: alice's first task holds the core
 * until bob's job waits too; then FAIR gives bob the core next and FIFO alice's second task. The
 * order is what the tasks record as they run (one core: one at a time).
 */
class SchedulerPoolsTest {
  /** Local executors share the test's JVM: the tasks write here and wait on the gate. */
  private static final List<String> STARTED = new CopyOnWriteArrayList<>();
  private static volatile CountDownLatch gate;

  private static void awaitGate() {
    try {
      if (!gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"FAIR, alice0 bob0 alice1", "fair, alice0 bob0 alice1", "FIFO, alice0 alice1 bob0"})
  void twoPoolsJobs_shareTheCoreAsTheModeSays(String mode, String expectedOrder) throws Exception {
    STARTED.clear();
    gate = new CountDownLatch(1);
    WeftContext context = new WeftContext(new WeftConf(false).setMaster("local[1]").set("weft.ui.enabled", "false")
        .set("weft.scheduler.mode", mode));
    try {
      CompletableFuture<Long> alice = CompletableFuture.supplyAsync(() -> {
        context.setLocalProperty("weft.scheduler.pool", "alice");
        return context.parallelize(List.of(0, 1), 2).map(i -> {
          STARTED.add("alice" + i);
          if (i == 0) {
            awaitGate();
          }
          return i;
        }).count();
      });
      await("alice's first task to hold the core").atMost(Duration.ofSeconds(30))
          .until(() -> context.scheduler().waitingTasksByPool(), Map.of("alice", 1)::equals);
      CompletableFuture<Long> bob = CompletableFuture.supplyAsync(() -> {
        context.setLocalProperty("weft.scheduler.pool", "bob");
        assertThat(context.getLocalProperty("weft.scheduler.pool")).isEqualTo("bob");
        return context.parallelize(List.of(0), 1).map(i -> {
          STARTED.add("bob" + i);
          return i;
        }).count();
      });
      await("bob's job to wait too").atMost(Duration.ofSeconds(30))
          .until(() -> context.scheduler().waitingTasksByPool(), Map.of("alice", 1, "bob", 1)::equals);
      gate.countDown();

      assertThat(alice.get(60, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(bob.get(60, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(String.join(" ", STARTED)).isEqualTo(expectedOrder);
    } finally {
      gate.countDown();
      context.stop();
    }
  }
}
