package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.ContainerState;
import io.weft.proto.ContainerStatus;
import io.weft.proto.MasterKey;
import io.weft.proto.NodeAction;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.NodeStatus;
import io.weft.proto.ResourceTrackerServiceGrpc;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** NodeManagers' heartbeats on one stream each, against the real RM. */
class HeartbeatStreamTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path dir;
  RmHarness h;
  RmHarness.Node node;
  final List<NodeHeartbeatResponse> answers = new CopyOnWriteArrayList<>();
  final AtomicReference<Throwable> ended = new AtomicReference<>();

  @BeforeEach
  void start() {
    h = new RmHarness(grpc, dir.resolve("staging"), Map.of());
    node = h.registerNode("10.0.0.1", 8041, 8192, 8);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void eachHeartbeatOnTheStreamIsAnsweredInOrder_andStoppingTheRmEndsTheStreamUnavailable() {
    StreamObserver<NodeHeartbeatRequest> stream = open();

    for (int responseId = 0; responseId < 3; responseId++) {
      stream.onNext(heartbeat(responseId).setAnswerWanted(true).build());
      int answered = responseId + 1;
      await().until(() -> answers.size() == answered);
    }
    assertThat(answers).extracting(NodeHeartbeatResponse::getResponseId).containsExactly(1, 2, 3);
    assertThat(answers).extracting(NodeHeartbeatResponse::getNodeAction).containsOnly(NodeAction.NORMAL);
    assertThat(answers).extracting(NodeHeartbeatResponse::getAnswerWanted).containsOnly(true);

    h.rm.close();
    await().until(() -> ended.get() != null);
    Status status = Status.fromThrowable(ended.get());
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).contains("no longer serving nodes");
  }

  @Test
  void aHeartbeatNotAskingForAnAnswer_isAnsweredOnlyWhenTheRmHasSomethingToTellTheNode() {
    StreamObserver<NodeHeartbeatRequest> stream = open();

    // A node that names no keys lacks them: it is told them, asked or not.
    stream.onNext(heartbeat(0).build());
    await().until(() -> answers.size() == 1);
    NodeHeartbeatResponse keys = answers.get(0);
    assertThat(keys.hasContainerTokenMasterKey()).isTrue();
    assertThat(keys.hasNmTokenMasterKey()).isTrue();
    assertThat(keys.getAnswerWanted()).isFalse();

    // Holding the newest keys, with nothing to clean up: only the heartbeat that asks is answered (in order, so
    // an answer to the first would come before the second's).
    stream.onNext(heartbeat(1).mergeFrom(holding(keys)).build());
    stream.onNext(heartbeat(1).mergeFrom(holding(keys)).setAnswerWanted(true).build());
    await().until(() -> answers.size() == 2);
    assertThat(answers.get(1).getAnswerWanted()).isTrue();
    assertThat(answers.get(1).hasContainerTokenMasterKey()).isFalse();

    // A container the RM does not know, reported running: it must be stopped, so the answer comes unasked.
    String stranger = "container_1700000000000_0042_01_000007";
    NodeHeartbeatRequest.Builder reporting = heartbeat(2).mergeFrom(holding(keys));
    reporting.getNodeStatusBuilder().addContainerStatuses(ContainerStatus.newBuilder().setContainerId(stranger)
        .setState(ContainerState.CONTAINER_RUNNING));
    stream.onNext(reporting.build());
    await().until(() -> answers.size() == 3);
    assertThat(answers.get(2).getContainersToCleanupList()).containsExactly(stranger);
    assertThat(answers.get(2).getAnswerWanted()).isFalse();
    assertThat(ended.get()).isNull();
  }

  private static NodeHeartbeatRequest holding(NodeHeartbeatResponse keys) {
    return NodeHeartbeatRequest.newBuilder()
        .setLastKnownContainerTokenMasterKey(MasterKey.newBuilder()
            .setKeyId(keys.getContainerTokenMasterKey().getKeyId()))
        .setLastKnownNmTokenMasterKey(MasterKey.newBuilder().setKeyId(keys.getNmTokenMasterKey().getKeyId()))
        .build();
  }

  /** A heartbeat stream whose answers go to {@link #answers} and whose end to {@link #ended}. */
  private StreamObserver<NodeHeartbeatRequest> open() {
    return ResourceTrackerServiceGrpc.newStub(h.channel).nodeHeartbeats(
        new StreamObserver<>() {
          @Override
          public void onNext(NodeHeartbeatResponse response) {
            answers.add(response);
          }

          @Override
          public void onError(Throwable t) {
            ended.set(t);
          }

          @Override
          public void onCompleted() {
            ended.set(new IllegalStateException("completed"));
          }
        });
  }

  private NodeHeartbeatRequest.Builder heartbeat(int responseId) {
    return NodeHeartbeatRequest.newBuilder().setNodeStatus(NodeStatus.newBuilder()
        .setNodeId(node.id().toString()).setResponseId(responseId));
  }
}
