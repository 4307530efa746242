package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.ApplicationReport;
import io.weft.proto.YarnApplicationState;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which failed AM attempts count against max attempts, as in YARN: not those whose AM container the
 * cluster took away, and, with a validity interval, not those that failed longer ago than it.
 */
class AttemptFailureAccountingTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;

  @ParameterizedTest(name = "AM container ended with {0}")
  @ValueSource(ints = {ExitStatus.PREEMPTED, ExitStatus.ABORTED, ExitStatus.DISKS_FAILED})
  void amContainerTakenByTheCluster_doesNotUseUpAnAttempt(int exitStatus) {
    try (RmHarness h = new RmHarness(grpc, staging, Map.of(RmKeys.AM_MAX_ATTEMPTS.key(), "1"))) {
      RmHarness.Node node = h.registerNode("n1", 1, 8192, 8);
      String appId = h.submit(1024);
      String first = FakeNodeManager.containerId(h.awaitStart(node, 1));
      h.heartbeat(node, RmHarness.exited(first, exitStatus));

      String second = FakeNodeManager.containerId(h.awaitStart(node, 2));
      assertThat(ContainerId.parse(second).attemptId().attempt()).isEqualTo(2);
      assertThat(h.report(appId).getState()).isEqualTo(YarnApplicationState.ACCEPTED);

      h.heartbeat(node, RmHarness.exited(second, 1)); // a failure of its own: the only one that counts
      ApplicationReport report = h.awaitState(appId, YarnApplicationState.FAILED);
      assertThat(report.getDiagnostics()).contains("failed 1 time (max attempts 1)")
          .contains("1 other failed attempt(s) did not count");
    }
  }

  @Test
  void failureOlderThanTheValidityInterval_doesNotCount() {
    try (RmHarness h = new RmHarness(grpc, staging, Map.of(RmKeys.AM_MAX_ATTEMPTS.key(), "2",
        RmKeys.AM_ATTEMPT_FAILURES_VALIDITY_INTERVAL.key(), "60000"))) {
      RmHarness.Node node = h.registerNode("n1", 1, 8192, 8);
      String appId = h.submit(1024);
      h.heartbeat(node, RmHarness.exited(FakeNodeManager.containerId(h.awaitStart(node, 1)), 1));
      String second = FakeNodeManager.containerId(h.awaitStart(node, 2));

      h.clock.advance(Duration.ofMinutes(2)); // the first failure is now older than the interval
      h.heartbeat(node, RmHarness.exited(second, 1));
      String third = FakeNodeManager.containerId(h.awaitStart(node, 3));
      assertThat(ContainerId.parse(third).attemptId().attempt()).isEqualTo(3);
      assertThat(h.report(appId).getState()).isEqualTo(YarnApplicationState.ACCEPTED);

      h.heartbeat(node, RmHarness.exited(third, 1)); // two failures within the minute: none left
      assertThat(h.awaitState(appId, YarnApplicationState.FAILED).getDiagnostics())
          .contains("failed 2 times (max attempts 2)").contains("weft.resourcemanager.am.attempt-failures-validity");
    }
  }

  @Test
  void withoutAValidityInterval_everyFailureCounts() {
    try (RmHarness h = new RmHarness(grpc, staging, Map.of(RmKeys.AM_MAX_ATTEMPTS.key(), "2"))) {
      RmHarness.Node node = h.registerNode("n1", 1, 8192, 8);
      String appId = h.submit(1024);
      h.heartbeat(node, RmHarness.exited(FakeNodeManager.containerId(h.awaitStart(node, 1)), 1));
      String second = FakeNodeManager.containerId(h.awaitStart(node, 2));
      h.clock.advance(Duration.ofDays(1));
      h.heartbeat(node, RmHarness.exited(second, 1));
      assertThat(h.awaitState(appId, YarnApplicationState.FAILED).getDiagnostics()).contains("failed 2 times");
    }
  }
}
