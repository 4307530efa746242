package io.weft.it.contract;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RpcServer;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.RegisterNodeManagerResponse;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.UnRegisterNodeManagerRequest;
import io.weft.proto.UnRegisterNodeManagerResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Stands between an NM and the real RM on the resource-tracker protocol: forwards every call
 * unchanged over real gRPC and keeps what crossed (how many container statuses each heartbeat
 * carried, what the RM answered), and can go silent, as the network to a node that is cut off does.
 */
final class HeartbeatTap implements AutoCloseable {
  /** One heartbeat as it crossed: the NM's container statuses and the RM's answer. */
  record Crossing(int containerStatuses, NodeHeartbeatResponse answer) {}

  final List<Crossing> heartbeats = new CopyOnWriteArrayList<>();
  final List<RegisterNodeManagerRequest> registrations = new CopyOnWriteArrayList<>();
  private final ManagedChannel rm;
  private final RpcServer server;
  private volatile boolean silent;

  HeartbeatTap(HostPort rmAddress) {
    this.rm = Channels.forAddress(rmAddress);
    this.server = RpcServer.netty(HostPort.parse("127.0.0.1:0", "tap"), List.of(), new Forwarder());
    server.start();
  }

  HostPort address() {
    return server.address();
  }

  /** From now on every call fails UNAVAILABLE before it reaches the RM (or, with false, goes through again). */
  void silence(boolean silent) {
    this.silent = silent;
  }

  int largestHeartbeatSince(int index) {
    // A copy: a view of a CopyOnWriteArrayList fails with ConcurrentModificationException once a heartbeat lands.
    List<Crossing> crossed = List.copyOf(heartbeats);
    return crossed.subList(index, crossed.size()).stream().mapToInt(Crossing::containerStatuses).max()
        .orElse(0);
  }

  @Override
  public void close() {
    server.close();
    Channels.close(rm);
  }

  private final class Forwarder extends ResourceTrackerServiceGrpc.ResourceTrackerServiceImplBase {
    private final ResourceTrackerServiceGrpc.ResourceTrackerServiceBlockingStub stub =
        ResourceTrackerServiceGrpc.newBlockingStub(rm);

    @Override
    public void registerNodeManager(RegisterNodeManagerRequest request,
        StreamObserver<RegisterNodeManagerResponse> out) {
      forward(out, () -> {
        RegisterNodeManagerResponse answer = stub.registerNodeManager(request);
        registrations.add(request);
        return answer;
      });
    }

    @Override
    public void nodeHeartbeat(NodeHeartbeatRequest request, StreamObserver<NodeHeartbeatResponse> out) {
      forward(out, () -> {
        NodeHeartbeatResponse answer = stub.nodeHeartbeat(request);
        heartbeats.add(new Crossing(request.getNodeStatus().getContainerStatusesCount(), answer));
        return answer;
      });
    }

    /** Each heartbeat of the node's stream forwarded as one call; a failure (or the cut) ends the stream, as the RM's. */
    @Override
    public StreamObserver<NodeHeartbeatRequest> nodeHeartbeats(StreamObserver<NodeHeartbeatResponse> out) {
      return new StreamObserver<>() {
        private boolean ended;

        @Override
        public void onNext(NodeHeartbeatRequest request) {
          if (ended) {
            return;
          }
          if (silent) {
            ended = true;
            out.onError(Status.UNAVAILABLE.withDescription("the node is cut off").asRuntimeException());
            return;
          }
          try {
            NodeHeartbeatResponse answer = stub.nodeHeartbeat(request);
            heartbeats.add(new Crossing(request.getNodeStatus().getContainerStatusesCount(), answer));
            out.onNext(answer);
          } catch (io.grpc.StatusRuntimeException e) {
            ended = true;
            out.onError(e);
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          if (!ended) {
            out.onCompleted();
          }
        }
      };
    }

    @Override
    public void unRegisterNodeManager(UnRegisterNodeManagerRequest request,
        StreamObserver<UnRegisterNodeManagerResponse> out) {
      forward(out, () -> stub.unRegisterNodeManager(request));
    }

    private <T> void forward(StreamObserver<T> out, Supplier<T> call) {
      if (silent) {
        out.onError(Status.UNAVAILABLE.withDescription("the node is cut off").asRuntimeException());
        return;
      }
      try {
        out.onNext(call.get());
        out.onCompleted();
      } catch (io.grpc.StatusRuntimeException e) {
        out.onError(e);
      }
    }
  }
}
