package io.weft.driver.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.driver.storage.MapStatus;
import org.junit.jupiter.api.Test;

/** Which map outputs the driver forgets when an executor is lost or a fetch fails, with and without node services. */
class MapOutputTrackerTest {
  private static MapStatus byExecutor(String executor, String host, int map) {
    return new MapStatus(executor, host, 40000 + Integer.parseInt(executor), map, new long[] {1});
  }

  private static MapStatus byNode(String executor, String host, int map) {
    return new MapStatus(executor, host, 7337, map, new long[] {1}, true);
  }

  private static MapOutputTracker tracker(MapStatus... statuses) {
    MapOutputTracker tracker = new MapOutputTracker();
    tracker.register(0, statuses.length);
    for (MapStatus status : statuses) {
      tracker.add(0, status);
    }
    return tracker;
  }

  @Test
  void executorLost_forgetsWhatItServedItself_only() {
    MapOutputTracker tracker = tracker(byExecutor("1", "h1", 0), byExecutor("2", "h1", 1), byExecutor("1", "h1", 2));

    assertThat(tracker.executorLost("1")).isEqualTo(2);
    assertThat(tracker.missing(0)).containsExactly(0, 2);
  }

  @Test
  void executorLost_keepsWhatItsNodesShuffleServiceServes() {
    MapOutputTracker tracker = tracker(byNode("1", "h1", 0), byNode("1", "h1", 1));

    assertThat(tracker.executorLost("1")).isZero();
    assertThat(tracker.missing(0)).isEmpty();
  }

  @Test
  void fetchFailure_fromANodeService_forgetsEveryOutputThatServiceServes_andNoOther() {
    MapOutputTracker tracker = tracker(byNode("1", "h1", 0), byNode("2", "h1", 1), byNode("3", "h2", 2),
        byExecutor("4", "h1", 3));

    assertThat(tracker.fetchFailed("1")).isEqualTo(2);
    assertThat(tracker.missing(0)).containsExactly(0, 1);
  }

  @Test
  void fetchFailure_fromAnExecutor_forgetsThatExecutorsOutputs() {
    MapOutputTracker tracker = tracker(byExecutor("1", "h1", 0), byExecutor("2", "h1", 1));

    assertThat(tracker.fetchFailed("1")).isEqualTo(1);
    assertThat(tracker.missing(0)).containsExactly(0);
  }
}
