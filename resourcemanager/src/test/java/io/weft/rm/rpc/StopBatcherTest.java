package io.weft.rm.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link StopBatcher}: one StopContainers call per node in flight; what comes meanwhile goes out together. */
class StopBatcherTest {
  private static final NodeId A = new NodeId("a", 1);
  private static final NodeId B = new NodeId("b", 1);

  private final List<StopBatcher.Stop> sent = new ArrayList<>();
  private final List<CompletableFuture<Void>> answers = new ArrayList<>();
  private final StopBatcher batcher = new StopBatcher(stop -> {
    sent.add(stop);
    CompletableFuture<Void> answer = new CompletableFuture<>();
    answers.add(answer);
    return answer;
  });

  private static ContainerId container(int n) {
    return ContainerId.parse("container_1700000000000_0001_01_00000" + n);
  }

  @Test
  void anIdleNodeGetsItsStopAtOnce() {
    batcher.stop(A, List.of(container(1)), -100, "released");

    assertThat(sent).containsExactly(new StopBatcher.Stop(A, List.of(container(1)), -100, "released"));
  }

  @Test
  void stopsArrivingWhileACallIsInFlight_goOutTogetherWhenItAnswers() {
    batcher.stop(A, List.of(container(1)), -100, "released");
    batcher.stop(A, List.of(container(2)), -100, "released");
    batcher.stop(A, List.of(container(3), container(4)), -100, "released");
    batcher.stop(B, List.of(container(5)), -100, "released");
    assertThat(sent).extracting(StopBatcher.Stop::node).containsExactly(A, B);

    answers.get(0).complete(null);

    assertThat(sent).hasSize(3);
    assertThat(sent.get(2)).isEqualTo(new StopBatcher.Stop(A, List.of(container(2), container(3), container(4)),
        -100, "released"));
  }

  @Test
  void differentReasonsGoInSeparateCalls_andAFailedCallDoesNotBlockTheNode() {
    batcher.stop(A, List.of(container(1)), -100, "released");
    batcher.stop(A, List.of(container(2)), -100, "released");
    batcher.stop(A, List.of(container(3)), -102, "preempted");

    answers.get(0).completeExceptionally(new IllegalStateException("node unreachable"));
    assertThat(sent).hasSize(3);
    assertThat(sent.subList(1, 3)).extracting(StopBatcher.Stop::exitStatus).containsExactly(-100, -102);

    answers.get(1).complete(null);
    batcher.stop(A, List.of(container(4)), -100, "released");
    assertThat(sent).as("still one call in flight").hasSize(3);
    answers.get(2).complete(null);

    assertThat(sent).hasSize(4);
    answers.get(3).complete(null);
    batcher.stop(A, List.of(container(5)), -100, "released");
    assertThat(sent).as("idle again: sent at once").hasSize(5);
  }
}
