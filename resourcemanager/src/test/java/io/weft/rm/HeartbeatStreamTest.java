package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.common.testing.InProcessGrpc;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** NodeManagers' heartbeats on one stream each, against the real RM. */
class HeartbeatStreamTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path dir;
  RmHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void eachHeartbeatOnTheStreamIsAnsweredInOrder_andStoppingTheRmEndsTheStreamUnavailable() {
    h = new RmHarness(grpc, dir.resolve("staging"), Map.of());
    RmHarness.Node node = h.registerNode("10.0.0.1", 8041, 8192, 8);
    List<NodeHeartbeatResponse> answers = new CopyOnWriteArrayList<>();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    StreamObserver<NodeHeartbeatRequest> stream = ResourceTrackerServiceGrpc.newStub(h.channel).nodeHeartbeats(
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

    for (int responseId = 0; responseId < 3; responseId++) {
      stream.onNext(heartbeat(node, responseId));
      int answered = responseId + 1;
      await().until(() -> answers.size() == answered);
    }
    assertThat(answers).extracting(NodeHeartbeatResponse::getResponseId).containsExactly(1, 2, 3);
    assertThat(answers).extracting(NodeHeartbeatResponse::getNodeAction).containsOnly(NodeAction.NORMAL);

    h.rm.close();
    await().until(() -> ended.get() != null);
    Status status = Status.fromThrowable(ended.get());
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).contains("no longer serving nodes");
  }

  private static NodeHeartbeatRequest heartbeat(RmHarness.Node node, int responseId) {
    return NodeHeartbeatRequest.newBuilder().setNodeStatus(NodeStatus.newBuilder()
        .setNodeId(node.id().toString()).setResponseId(responseId)).build();
  }
}
