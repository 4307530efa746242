package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a caller waiting on the loop may assume when its future completes. */
class EventLoopTest {
  /**
   * A caller that registers after the command completed its future, while that command's batch is still running
   * (a slow caller thread), must still hear of it only once the batch is published: it then reads a snapshot.
   */
  @Test
  void aFutureFoundCompleteMidBatch_completesForItsCallerOnlyAfterThatBatchIsPublished() throws Exception {
    AtomicInteger published = new AtomicInteger();
    CompletableFuture<String> done = new CompletableFuture<>();
    CountDownLatch completedInBatch = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventLoop loop = new EventLoop("test-loop", Duration.ZERO, published::incrementAndGet)) {
      loop.execute(() -> {
        done.complete("killed");
        completedInBatch.countDown();
        awaitQuietly(release);
      });
      completedInBatch.await();
      int publishedBefore = published.get();
      AtomicInteger publishedWhenHeard = new AtomicInteger(-1);
      CompletableFuture<String> heard = loop.afterBatch(done)
          .whenComplete((value, error) -> publishedWhenHeard.set(published.get()));

      assertThat(heard).isNotDone();
      release.countDown();
      await().until(heard::isDone);
      assertThat(heard.join()).isEqualTo("killed");
      assertThat(publishedWhenHeard.get()).isGreaterThan(publishedBefore);
    }
  }

  /**
   * An unhurried command (a heartbeat) waits for company: with a linger no test outlives, it is still waiting
   * after a batch ended, and runs with the next call, in that call's batch and before it (it came first).
   */
  @Test
  void anUnhurriedCommand_runsInTheBatchOfTheNextCall_beforeIt() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventLoop loop = new EventLoop("test-loop", Duration.ofHours(1), batches::incrementAndGet)) {
      CompletableFuture<Boolean> busy = loop.call(() -> {
        running.countDown();
        awaitQuietly(release);
        return ran.add("busy");
      });
      running.await();
      CompletableFuture<Integer> heartbeat = loop.callSoon(() -> {
        ran.add("heartbeat");
        return batches.get();
      });
      release.countDown();
      busy.join();

      assertThat(heartbeat).isNotDone();
      assertThat(loop.waiting()).isOne();
      CompletableFuture<Integer> allocate = loop.call(() -> {
        ran.add("allocate");
        return batches.get();
      });
      assertThat(allocate.join()).isEqualTo(heartbeat.join());
      assertThat(ran).containsExactly("busy", "heartbeat", "allocate");
      assertThat(loop.waiting()).isZero();
    }
  }

  /** On an idle loop the first unhurried command wakes it: it runs with no other call coming. */
  @Test
  void anUnhurriedCommand_onAnIdleLoop_runsWithinTheLinger() {
    try (EventLoop loop = new EventLoop("test-loop", Duration.ofMillis(1), () -> { })) {
      for (int i = 0; i < 50; i++) {
        int n = i;
        await().until(loop.callSoon(() -> n)::isDone);
      }
    }
  }

  /** Closing runs the unhurried commands already given, as it runs the calls. */
  @Test
  void close_runsTheUnhurriedCommandsWaiting() {
    CompletableFuture<String> heartbeat;
    try (EventLoop loop = new EventLoop("test-loop", Duration.ofHours(1), () -> { })) {
      heartbeat = loop.callSoon(() -> "answered");
    }
    assertThat(heartbeat).isCompletedWithValue("answered");
  }

  @Test
  void aNegativeLinger_isRefusedWithTheValue() {
    assertThatThrownBy(() -> new EventLoop("test-loop", Duration.ofMillis(-1), () -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
