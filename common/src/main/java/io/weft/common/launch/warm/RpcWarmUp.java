package io.weft.common.launch.warm;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.DriverMessage;
import io.weft.proto.DriverServiceGrpc;
import io.weft.proto.ExecutorHeartbeat;
import io.weft.proto.ExecutorMessage;
import io.weft.proto.ExecutorRegistered;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.RegisterApplicationMasterResponse;
import io.weft.proto.RegisterExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Calls gRPC over loopback from a warm JVM before its claim: unary calls of the AM-RM protocol and a
 * bidirectional session of the executor-driver protocol, to a server in the same JVM. A container's
 * first calls otherwise set up what gRPC and Netty set up once (event loops, buffer pools, the HTTP/2
 * codec) and run gRPC's, Netty's and protobuf's call paths for the first time, in the container's time;
 * after this they find that state made and those paths run. It uses only gRPC and Weft's generated
 * messages, which {@link WarmJvm#initializedEarly} already allows, and runs none of Weft's own code:
 * whatever Weft's RPC layer configures (credentials, interceptors, deadlines) is configured by the
 * container as in a cold JVM. Every thread it starts is a daemon of gRPC's shared pools, which a
 * container's channels would start too.
 */
final class RpcWarmUp {
  /**
   * Measured: 30 calls gave warm executors and AMs the same CPU to registration as 300, and cost 1.5-2 s
   * less CPU per warm JVM (300 calls set the JIT compiling for seconds).
   */
  static final int CALLS = 30;
  private static final long WAIT_SECONDS = 10;

  private RpcWarmUp() {}

  /**
   * Returns, once the server and channel are shut down, how many calls and session messages were answered:
   * {@code 3 * CALLS} when all went well. A failure only costs time.
   */
  static int run() {
    return run(InsecureServerCredentials.create(), InsecureChannelCredentials.create());
  }

  /** As {@link #run()}, the server and the channel with these credentials ({@link TlsWarmUp}). */
  static int run(ServerCredentials serverCredentials, ChannelCredentials channelCredentials) {
    Server server = null;
    ManagedChannel channel = null;
    int answered = 0;
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          serverCredentials).addService(new ResourceManagerStandIn()).addService(new DriverStandIn()).build().start();
      channel = NettyChannelBuilder.forAddress(InetAddress.getLoopbackAddress().getHostAddress(), server.getPort(),
          channelCredentials).build();
      answered += unaryCalls(channel);
      answered += session(channel);
    } catch (IOException | RuntimeException e) {
      // Only a head start: the container makes its calls either way.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      if (server != null) {
        server.shutdownNow();
      }
      awaitTermination(channel, server);
    }
    return answered;
  }

  private static int unaryCalls(ManagedChannel channel) {
    ApplicationMasterServiceGrpc.ApplicationMasterServiceBlockingStub stub =
        ApplicationMasterServiceGrpc.newBlockingStub(channel);
    for (int i = 0; i < CALLS; i++) {
      stub.withDeadlineAfter(WAIT_SECONDS, TimeUnit.SECONDS).registerApplicationMaster(
          RegisterApplicationMasterRequest.newBuilder().setApplicationAttemptId("warm-up").setHost("localhost")
              .setRpcPort(i).build());
      stub.withDeadlineAfter(WAIT_SECONDS, TimeUnit.SECONDS).allocate(
          AllocateRequest.newBuilder().setApplicationAttemptId("warm-up").setResponseId(i).setProgress(0.5f).build());
    }
    return 2 * CALLS;
  }

  /** One executor session: a registration, then heartbeats, each answered, as a driver answers its executors. */
  private static int session(ManagedChannel channel) throws InterruptedException {
    CountDownLatch answered = new CountDownLatch(CALLS);
    CountDownLatch ended = new CountDownLatch(1);
    StreamObserver<ExecutorMessage> toDriver = DriverServiceGrpc.newStub(channel).executorSession(
        new StreamObserver<>() {
          @Override
          public void onNext(DriverMessage message) {
            answered.countDown();
          }

          @Override
          public void onError(Throwable t) {
            ended.countDown();
          }

          @Override
          public void onCompleted() {
            ended.countDown();
          }
        });
    toDriver.onNext(ExecutorMessage.newBuilder().setRegister(RegisterExecutor.newBuilder().setExecutorId("warm-up")
        .setHost("localhost").setCores(1)).build());
    for (int i = 1; i < CALLS; i++) {
      toDriver.onNext(ExecutorMessage.newBuilder().setHeartbeat(ExecutorHeartbeat.getDefaultInstance()).build());
    }
    answered.await(WAIT_SECONDS, TimeUnit.SECONDS);
    toDriver.onCompleted();
    ended.await(WAIT_SECONDS, TimeUnit.SECONDS);
    return (int) (CALLS - answered.getCount());
  }

  private static void awaitTermination(ManagedChannel channel, Server server) {
    try {
      if (channel != null) {
        channel.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
      }
      if (server != null) {
        server.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Answers the AM-RM calls at once, with an empty answer. */
  private static final class ResourceManagerStandIn
      extends ApplicationMasterServiceGrpc.ApplicationMasterServiceImplBase {
    @Override
    public void registerApplicationMaster(RegisterApplicationMasterRequest request,
        StreamObserver<RegisterApplicationMasterResponse> answer) {
      answer.onNext(RegisterApplicationMasterResponse.newBuilder().setQueue("default").build());
      answer.onCompleted();
    }

    @Override
    public void allocate(AllocateRequest request, StreamObserver<AllocateResponse> answer) {
      answer.onNext(AllocateResponse.newBuilder().setResponseId(request.getResponseId() + 1).build());
      answer.onCompleted();
    }
  }

  /** Answers each message of an executor session with one message. */
  private static final class DriverStandIn extends DriverServiceGrpc.DriverServiceImplBase {
    @Override
    public StreamObserver<ExecutorMessage> executorSession(StreamObserver<DriverMessage> toExecutor) {
      return new StreamObserver<>() {
        @Override
        public void onNext(ExecutorMessage message) {
          toExecutor.onNext(DriverMessage.newBuilder().setRegistered(ExecutorRegistered.getDefaultInstance()).build());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          toExecutor.onCompleted();
        }
      };
    }
  }
}
