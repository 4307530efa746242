package io.weft.nm.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RpcServer;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.NodeStatus;
import io.weft.proto.ResourceTrackerServiceGrpc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The NM's heartbeat stream against a real gRPC server whose answers the test chooses by response id. */
class HeartbeatStreamTest {
  /** Response ids the server treats specially: no answer at all, or an error ending the stream. */
  private static final int SILENT = 100;
  private static final int REFUSED = 200;

  private final AtomicInteger streamsOpened = new AtomicInteger();
  private final RpcServer server = RpcServer.netty(HostPort.parse("127.0.0.1:0", "test"), List.of(), new Tracker());
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      Channels.close(channel);
    }
    server.close();
  }

  @Test
  void heartbeatsShareOneStreamAndEachGetsItsOwnAnswer() throws Exception {
    try (HeartbeatStream stream = open()) {
      assertThat(stream.call(heartbeat(1), Duration.ofSeconds(10)).getResponseId()).isEqualTo(2);
      assertThat(stream.call(heartbeat(2), Duration.ofSeconds(10)).getResponseId()).isEqualTo(3);
    }
    assertThat(streamsOpened).hasValue(1);
  }

  @Test
  void aHeartbeatWithoutAnAnswerFailsAsADeadlineAndTheNextOneGetsANewStream() throws Exception {
    try (HeartbeatStream stream = open()) {
      assertThatThrownBy(() -> stream.call(heartbeat(SILENT), Duration.ofMillis(200)))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED))
          .hasMessageContaining("did not answer a heartbeat within 200 ms");
      assertThat(stream.call(heartbeat(5), Duration.ofSeconds(10)).getResponseId()).isEqualTo(6);
    }
    assertThat(streamsOpened).hasValue(2);
  }

  @Test
  void anErrorAnswerIsThrownWithItsStatusAndTheNextHeartbeatGetsANewStream() throws Exception {
    try (HeartbeatStream stream = open()) {
      assertThatThrownBy(() -> stream.call(heartbeat(REFUSED), Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).isEqualTo("not your node");
          });
      assertThat(stream.call(heartbeat(7), Duration.ofSeconds(10)).getResponseId()).isEqualTo(8);
    }
    assertThat(streamsOpened).hasValue(2);
  }

  @Test
  void anRmThatIsGoneFailsTheHeartbeatAsUnavailable() throws Exception {
    try (HeartbeatStream stream = open()) {
      stream.call(heartbeat(1), Duration.ofSeconds(10));
      server.close();
      assertThatThrownBy(() -> stream.call(heartbeat(2), Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  private HeartbeatStream open() {
    server.start();
    channel = Channels.forAddress(server.address());
    return new HeartbeatStream(channel);
  }

  private static NodeHeartbeatRequest heartbeat(int responseId) {
    return NodeHeartbeatRequest.newBuilder()
        .setNodeStatus(NodeStatus.newBuilder().setNodeId("127.0.0.1:1").setResponseId(responseId)).build();
  }

  private final class Tracker extends ResourceTrackerServiceGrpc.ResourceTrackerServiceImplBase {
    @Override
    public StreamObserver<NodeHeartbeatRequest> nodeHeartbeats(StreamObserver<NodeHeartbeatResponse> out) {
      streamsOpened.incrementAndGet();
      return new StreamObserver<>() {
        @Override
        public void onNext(NodeHeartbeatRequest request) {
          int id = request.getNodeStatus().getResponseId();
          if (id == REFUSED) {
            out.onError(Status.PERMISSION_DENIED.withDescription("not your node").asRuntimeException());
          } else if (id != SILENT) {
            out.onNext(NodeHeartbeatResponse.newBuilder().setResponseId(id + 1).build());
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }
  }
}
