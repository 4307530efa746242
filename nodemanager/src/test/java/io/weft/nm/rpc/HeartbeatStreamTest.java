package io.weft.nm.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The NM's heartbeat stream against a real gRPC server that answers as the RM does: a heartbeat that asks, and
 * one the test gives news for, by response id.
 */
class HeartbeatStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Response ids the server treats specially: no answer at all, an error ending the stream, news unasked. */
  private static final int SILENT = 100;
  private static final int REFUSED = 200;
  private static final int NEWS = 300;

  private final AtomicInteger streamsOpened = new AtomicInteger();
  private final AtomicInteger arrivals = new AtomicInteger();
  private final List<Boolean> asked = new CopyOnWriteArrayList<>();
  private final List<NodeHeartbeatResponse> applied = new ArrayList<>();
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
  void heartbeatsShareOneStream_andAskForAnAnswerOnTheFirstAndAfterTwoUnanswered() throws Exception {
    try (HeartbeatStream stream = open()) {
      for (int id = 1; id <= 7; id++) {
        stream.send(heartbeat(id), WAIT, applied::add);
      }
    }
    assertThat(asked).containsExactly(true, false, false, true, false, false, true);
    assertThat(applied).extracting(NodeHeartbeatResponse::getResponseId).containsExactly(2, 5, 8);
    assertThat(streamsOpened).hasValue(1);
  }

  @Test
  void anAnswerBetweenHeartbeatsWakesTheCaller_andCountsAsHeardFrom() throws Exception {
    try (HeartbeatStream stream = open()) {
      stream.send(heartbeat(1), WAIT, applied::add);
      stream.send(heartbeat(NEWS), WAIT, applied::add);
      await().atMost(WAIT).until(() -> arrivals.get() == 2);
      stream.takeArrived(applied::add);
      assertThat(applied).extracting(NodeHeartbeatResponse::getResponseId).containsExactly(2, NEWS + 1);
      assertThat(applied.get(1).getContainersToCleanupList()).containsExactly("container_1_0001_01_000001");
      // the answer reset the count: two more go unasked
      stream.send(heartbeat(3), WAIT, applied::add);
      stream.send(heartbeat(4), WAIT, applied::add);
      stream.send(heartbeat(5), WAIT, applied::add);
    }
    assertThat(asked).containsExactly(true, false, false, false, true);
  }

  @Test
  void aHeartbeatWithoutAnAnswerFailsAsADeadlineAndTheNextOneGetsANewStream() throws Exception {
    try (HeartbeatStream stream = open()) {
      assertThatThrownBy(() -> stream.send(heartbeat(SILENT), Duration.ofMillis(200), applied::add))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED))
          .hasMessageContaining("did not answer a heartbeat within 200 ms");
      stream.send(heartbeat(5), WAIT, applied::add);
    }
    assertThat(applied).extracting(NodeHeartbeatResponse::getResponseId).containsExactly(6);
    assertThat(streamsOpened).hasValue(2);
  }

  @Test
  void anErrorAnswerIsThrownWithItsStatusAndTheNextHeartbeatGetsANewStream() throws Exception {
    try (HeartbeatStream stream = open()) {
      assertThatThrownBy(() -> stream.send(heartbeat(REFUSED), WAIT, applied::add))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).isEqualTo("not your node");
          });
      stream.send(heartbeat(7), WAIT, applied::add);
    }
    assertThat(applied).extracting(NodeHeartbeatResponse::getResponseId).containsExactly(8);
    assertThat(streamsOpened).hasValue(2);
  }

  @Test
  void anRmThatIsGoneBetweenHeartbeatsFailsTheNextLookAsUnavailable() throws Exception {
    try (HeartbeatStream stream = open()) {
      stream.send(heartbeat(1), WAIT, applied::add);
      server.close();
      await().atMost(WAIT).until(() -> arrivals.get() == 2);
      assertThatThrownBy(() -> stream.takeArrived(applied::add))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  private HeartbeatStream open() {
    server.start();
    channel = Channels.forAddress(server.address());
    return new HeartbeatStream(channel, arrivals::incrementAndGet);
  }

  private static NodeHeartbeatRequest.Builder heartbeat(int responseId) {
    return NodeHeartbeatRequest.newBuilder()
        .setNodeStatus(NodeStatus.newBuilder().setNodeId("127.0.0.1:1").setResponseId(responseId));
  }

  private final class Tracker extends ResourceTrackerServiceGrpc.ResourceTrackerServiceImplBase {
    @Override
    public StreamObserver<NodeHeartbeatRequest> nodeHeartbeats(StreamObserver<NodeHeartbeatResponse> out) {
      streamsOpened.incrementAndGet();
      return new StreamObserver<>() {
        @Override
        public void onNext(NodeHeartbeatRequest request) {
          int id = request.getNodeStatus().getResponseId();
          asked.add(request.getAnswerWanted());
          if (id == REFUSED) {
            out.onError(Status.PERMISSION_DENIED.withDescription("not your node").asRuntimeException());
          } else if (id == NEWS) {
            out.onNext(NodeHeartbeatResponse.newBuilder().setResponseId(id + 1)
                .addContainersToCleanup("container_1_0001_01_000001").build());
          } else if (id != SILENT && request.getAnswerWanted()) {
            out.onNext(NodeHeartbeatResponse.newBuilder().setResponseId(id + 1).setAnswerWanted(true).build());
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
