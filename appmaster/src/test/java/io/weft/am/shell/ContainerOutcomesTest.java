package io.weft.am.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.am.client.ContainerStatus;
import io.weft.common.id.ContainerId;
import org.junit.jupiter.api.Test;

class ContainerOutcomesTest {
  private static ContainerStatus exited(int container, int status, String diagnostics) {
    return new ContainerStatus(ContainerId.parse("container_1700000000000_0001_01_00000" + container),
        ContainerStatus.State.COMPLETE, status, diagnostics);
  }

  @Test
  void allSucceeded_onceEveryContainerExitedZero() {
    ContainerOutcomes outcomes = new ContainerOutcomes(2);

    assertThat(outcomes.record(exited(2, 0, ""))).isFalse();
    assertThat(outcomes.record(exited(2, 0, ""))).as("a repeated report counts once").isFalse();
    assertThat(outcomes.record(exited(3, 0, ""))).isTrue();

    assertThat(outcomes.allSucceeded()).isTrue();
    assertThat(outcomes.summary()).isEqualTo("2 containers: 2 succeeded");
  }

  @Test
  void failures_areNamedWithTheirExitStatus_andWeftsReasons() {
    ContainerOutcomes outcomes = new ContainerOutcomes(4);
    outcomes.record(exited(5, 0, ""));
    outcomes.record(exited(3, 2, "ignored for a process exit code"));
    outcomes.record(exited(4, -104, "killed: over its memory\nmore detail"));

    assertThat(outcomes.allSucceeded()).isFalse();
    assertThat(outcomes.summary()).isEqualTo("4 containers: 1 succeeded, 2 failed"
        + " (container_1700000000000_0001_01_000003: exit 2;"
        + " container_1700000000000_0001_01_000004: exit -104, killed: over its memory), 1 did not complete");
  }

  @Test
  void containersTheClusterTookAway_areRunAgain_notCountedAsFailures_andTheSummarySaysSo() {
    ContainerOutcomes outcomes = new ContainerOutcomes(2);
    assertThat(outcomes.takenByCluster(exited(2, -100, "Container released on a *lost* node"))).isTrue();
    assertThat(outcomes.takenByCluster(exited(2, -100, "reported twice"))).isFalse();
    assertThat(outcomes.takenByCluster(exited(3, -102, "preempted"))).isTrue();
    assertThat(outcomes.takenByCluster(exited(4, 1, "a failure of its own"))).isFalse();
    assertThat(outcomes.isComplete()).isFalse();

    outcomes.record(exited(5, 0, ""));
    assertThat(outcomes.record(exited(6, 0, ""))).isTrue();
    assertThat(outcomes.allSucceeded()).isTrue();
    assertThat(outcomes.summary()).isEqualTo("2 containers: 2 succeeded; 2 run again after the cluster took the "
        + "container (container_1700000000000_0001_01_000002: exit -100, Container released on a *lost* node; "
        + "container_1700000000000_0001_01_000003: exit -102, preempted)");
  }
}
