package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
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

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
