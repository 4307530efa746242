package io.weft.rm.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import io.weft.rm.core.AppFilter;
import io.weft.rm.core.ClusterMetricsView;
import io.weft.rm.core.RmCore;
import io.weft.rm.scheduler.PlacementPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The RM forgets the oldest ended applications beyond its limit, with their containers; metrics stay cumulative. */
class CompletedApplicationsTest {
  @Test
  void manyEndedApplications_keepOnlyTheNewestEndedOnesAndTheirContainers() {
    try (ClusterHarness h = new ClusterHarness(Map.of(), PlacementPolicy.SPREAD, 3)) {
      h.node("n1").memoryMb(65536).vcores(64).add();
      ClusterHarness.App running = h.app("alice", "default");
      running.ask(1, 1024);
      List<ApplicationId> ended = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        ClusterHarness.App app = h.app("alice", "default");
        assertThat(app.ask(2, 1024)).hasSize(2);
        h.core.kill(app.id, "test", "alice").join();
        ended.add(app.id);
        RmCore.RetainedRecords retained = h.core.retainedRecords().join();
        assertThat(retained.applications()).as("applications held: %s", states(h)).isLessThanOrEqualTo(1 + 3);
        // AM + 2 executors per retained ended application, AM + 1 for the running one
        assertThat(retained.containers()).isLessThanOrEqualTo(3 * 3 + 2);
      }
      assertThat(h.core.retainedRecords().join()).isEqualTo(new RmCore.RetainedRecords(4, 3 * 3 + 2));
      assertThat(h.report(ended.get(24)).state().isFinal()).isTrue();
      assertThat(h.report(running.id).state().isFinal()).isFalse();
      assertThatThrownBy(() -> h.report(ended.get(0))).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(WeftException.class).hasMessageContaining(ended.get(0).toString());
      ClusterMetricsView metrics = h.core.metrics().join();
      assertThat(metrics.appsSubmitted()).isEqualTo(26);
      assertThat(metrics.appsKilled()).isEqualTo(25);
      assertThat(metrics.appsRunning() + metrics.appsPending()).isEqualTo(1);
    }
  }

  private static List<String> states(ClusterHarness h) {
    return h.core.applications(AppFilter.all()).join().stream().map(r -> r.id() + " " + r.state()).toList();
  }
}
