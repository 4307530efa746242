package io.weft.rm.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.NodeId;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.app.FinalStatus;
import io.weft.rm.container.Allocation;
import io.weft.rm.core.NodeHeartbeat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A burst of applications on a cluster with no queue configuration: the default AM share keeps
 * room for workers, and one AM always runs even when the share is smaller than an AM container.
 */
class AmShareBurstTest {
  private static final long GB = 1024;
  private static final int APPS = 20;

  @Test
  void burstWithNoQueueConfiguration_runsAmsWithinTheDefaultShare_andEveryApplicationFinishes() {
    try (ClusterHarness h = new ClusterHarness(Map.of())) {
      List<NodeId> nodes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        nodes.add(h.node("n" + i).memoryMb(2 * GB).vcores(4).add());
      }
      List<ClusterHarness.App> burst = new ArrayList<>();
      for (int i = 0; i < APPS; i++) {
        burst.add(h.submit("alice", "default", GB, 0));
      }
      Map<NodeId, Integer> responseIds = new HashMap<>();
      Set<ApplicationId> registered = new HashSet<>();
      Set<ApplicationId> finished = new HashSet<>();
      int mostAmsAtOnce = 0;
      // Each application is a tiny distributed shell: its AM asks for one 1 GB worker and finishes
      // once it has it. With every AM allowed, 8 AMs fill the 8 GB and no worker is ever granted.
      for (int round = 0; round < 50 * APPS && finished.size() < APPS; round++) {
        Map<ClusterHarness.App, AppReport> running = new HashMap<>();
        for (ClusterHarness.App app : burst) {
          AppReport report = h.report(app.id);
          if (report.amContainer() != null && !finished.contains(app.id)) {
            running.put(app, report);
          }
        }
        int amsHeld = running.size();
        for (Map.Entry<ClusterHarness.App, AppReport> entry : running.entrySet()) {
          ClusterHarness.App app = entry.getKey();
          AppReport report = entry.getValue();
          if (registered.add(app.id)) {
            h.core.registerAm(report.currentAttempt(), "localhost", 0, "").join();
          }
          List<Allocation> worker = app.ask(1, GB);
          if (!worker.isEmpty()) {
            h.core.finishAm(report.currentAttempt(), FinalStatus.SUCCEEDED, "", "").join();
            complete(h, responseIds, worker.get(0).nodeId(), worker.get(0).containerId());
            complete(h, responseIds, report.amNode(), report.amContainer());
            finished.add(app.id);
          }
        }
        mostAmsAtOnce = Math.max(mostAmsAtOnce, amsHeld);
      }
      assertThat(finished).as("applications finished of %d", APPS).hasSize(APPS);
      // 10% of 8 GB is 819 MB, less than one 1 GB AM: exactly one AM at a time.
      assertThat(mostAmsAtOnce).isEqualTo(1);
      for (ClusterHarness.App app : burst) {
        await().atMost(Duration.ofSeconds(10)).until(() -> h.report(app.id).state(), s -> s == AppState.FINISHED);
      }
    }
  }

  @Test
  void explicitShare_stillAdmitsAsManyAmsAsFit() {
    try (ClusterHarness h = new ClusterHarness(Map.of(QueueConfigParser.PREFIX + "maximum-am-resource-percent",
        "0.5"))) {
      for (int i = 0; i < 4; i++) {
        h.node("n" + i).memoryMb(2 * GB).vcores(4).add();
      }
      List<ClusterHarness.App> burst = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        burst.add(h.submit("alice", "default", GB, 0));
      }
      await().atMost(Duration.ofSeconds(10)).until(
          () -> burst.stream().filter(a -> h.report(a.id).amContainer() != null).count(), n -> n == 4);
      assertThat(h.report(burst.get(5).id).waitingReason())
          .isEqualTo("waiting for AM share of queue default: 4096 MB of 4096 MB used (50%)");
    }
  }

  private static void complete(ClusterHarness h, Map<NodeId, Integer> responseIds, NodeId node,
      io.weft.common.id.ContainerId container) {
    int responseId = responseIds.getOrDefault(node, 0);
    int answer = h.core.heartbeat(new NodeHeartbeat(node, responseId,
        List.of(new NodeHeartbeat.Reported(container, true, 0, "")), true, "")).join().responseId();
    responseIds.put(node, answer);
  }
}
