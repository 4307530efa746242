package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a caller waiting on the loop may assume when its future completes. */
class EventLoopTest {
  /** A linger no test outlives: a command given it runs only with a call's batch (or at close). */
  private static final Duration AN_HOUR = Duration.ofHours(1);

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
    try (EventLoop loop = new EventLoop("test-loop", published::incrementAndGet)) {
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
   * An unhurried command (a heartbeat) waits for company: with a linger no test outlives, it is still waiting after a
   * batch ended, and runs with the next call, in that call's batch and before it (it came first).
   */
  @Test
  void anUnhurriedCommand_runsInTheBatchOfTheNextCall_beforeIt() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CountDownLatch secondRunning = new CountDownLatch(1);
    CountDownLatch releaseSecond = new CountDownLatch(1);
    try (EventLoop loop = new EventLoop("test-loop", batches::incrementAndGet)) {
      loop.execute(() -> {
        firstRunning.countDown();
        awaitQuietly(releaseFirst);
        ran.add("first call");
      });
      firstRunning.await();
      // Both wait behind the first call, so they make the next batch together: it has an unhurried command.
      loop.callSoon(AN_HOUR, () -> ran.add("first heartbeat"));
      CompletableFuture<Boolean> second = loop.call(() -> {
        secondRunning.countDown();
        awaitQuietly(releaseSecond);
        return ran.add("second call");
      });
      releaseFirst.countDown();
      secondRunning.await();
      CompletableFuture<Integer> heartbeat = loop.callSoon(AN_HOUR, () -> {
        ran.add("heartbeat");
        return batches.get();
      });
      releaseSecond.countDown();
      second.join();

      assertThat(heartbeat).isNotDone();
      assertThat(loop.waiting()).isOne();
      CompletableFuture<Integer> allocate = loop.call(() -> {
        ran.add("allocate");
        return batches.get();
      });
      assertThat(allocate.join()).isEqualTo(heartbeat.join());
      assertThat(ran).containsExactly("first call", "first heartbeat", "second call", "heartbeat", "allocate");
      assertThat(loop.waiting()).isZero();
    }
  }

  /**
   * Each unhurried command waits no longer than its own linger: one due sooner than the loop's wait (an Allocate
   * behind a heartbeat) ends the wait, and the one that came first runs in the same batch, before it.
   */
  @Test
  void anUnhurriedCommandDueSooner_endsTheWait_andTheEarlierOneRunsInItsBatch() {
    AtomicInteger batches = new AtomicInteger();
    List<String> ran = new CopyOnWriteArrayList<>();
    try (EventLoop loop = new EventLoop("test-loop", batches::incrementAndGet)) {
      CompletableFuture<Integer> heartbeat = loop.callSoon(AN_HOUR, () -> {
        ran.add("heartbeat");
        return batches.get();
      });
      CompletableFuture<Integer> allocate = loop.callSoon(Duration.ofMillis(1), () -> {
        ran.add("allocate");
        return batches.get();
      });

      await().until(allocate::isDone);
      assertThat(heartbeat).isCompletedWithValue(allocate.join());
      assertThat(ran).containsExactly("heartbeat", "allocate");
    }
  }

  /** Commands run in the order given, whatever their linger: a call given before a heartbeat runs before it. */
  @Test
  void aCallGivenBeforeAnUnhurriedCommand_runsBeforeIt_inTheSameBatch() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventLoop loop = new EventLoop("test-loop", batches::incrementAndGet)) {
      loop.execute(() -> {
        running.countDown();
        awaitQuietly(release);
      });
      running.await();
      CompletableFuture<Integer> call = loop.call(() -> {
        ran.add("call");
        return batches.get();
      });
      CompletableFuture<Integer> heartbeat = loop.callSoon(Duration.ZERO, () -> {
        ran.add("heartbeat");
        return batches.get();
      });
      release.countDown();

      assertThat(heartbeat.get(10, TimeUnit.SECONDS)).isEqualTo(call.join());
      assertThat(ran).containsExactly("call", "heartbeat");
    }
  }

  /** On an idle loop the first unhurried command wakes it: it runs with no other call coming. */
  @Test
  void anUnhurriedCommand_onAnIdleLoop_runsWithinTheLinger() {
    try (EventLoop loop = new EventLoop("test-loop", () -> { })) {
      for (int i = 0; i < 50; i++) {
        int n = i;
        await().pollInterval(Duration.ofMillis(1)).until(loop.callSoon(Duration.ofMillis(1), () -> n)::isDone);
      }
    }
  }

  /** Closing runs the unhurried commands already given, as it runs the calls. */
  @Test
  void close_runsTheUnhurriedCommandsWaiting() {
    CompletableFuture<String> heartbeat;
    try (EventLoop loop = new EventLoop("test-loop", () -> { })) {
      heartbeat = loop.callSoon(AN_HOUR, () -> "answered");
    }
    assertThat(heartbeat).isCompletedWithValue("answered");
  }

  @Test
  void aNegativeLinger_isRefusedWithTheValue() {
    try (EventLoop loop = new EventLoop("test-loop")) {
      assertThatThrownBy(() -> loop.callSoon(Duration.ofMillis(-1), () -> 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
      assertThat(loop.waiting()).isZero();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
