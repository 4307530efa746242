package io.weft.rm.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RpcServer;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.StagingServiceGrpc;
import io.weft.proto.UnRegisterNodeManagerRequest;
import io.weft.proto.UnRegisterNodeManagerResponse;
import io.weft.proto.UserTokenServiceGrpc;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every method of every service the RM serves, by where its calls run: heartbeats and AM calls on
 * the transport thread that read them (no executor given, the server's is direct), the rest (some
 * wait on the store or a file) on a pool of the RM's own threads.
 */
class CallThreadsTest {
  private static final CallThreads THREADS = new CallThreads();

  @Test
  void trackerAndAmCalls_runInline() {
    for (ServiceDescriptor service : List.of(ResourceTrackerServiceGrpc.getServiceDescriptor(),
        ApplicationMasterServiceGrpc.getServiceDescriptor())) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        assertThat(THREADS.getExecutor(callOf(method), new Metadata())).as(method.getFullMethodName()).isNull();
      }
    }
  }

  @Test
  void everyOtherCall_runsOnThePool() throws Exception {
    for (ServiceDescriptor service : List.of(ApplicationClientServiceGrpc.getServiceDescriptor(),
        StagingServiceGrpc.getServiceDescriptor(), ResourceManagerAdministrationServiceGrpc.getServiceDescriptor(),
        UserTokenServiceGrpc.getServiceDescriptor())) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        Executor executor = THREADS.getExecutor(callOf(method), new Metadata());
        assertThat(executor).as(method.getFullMethodName()).isNotNull();
        CompletableFuture<String> thread = new CompletableFuture<>();
        executor.execute(() -> thread.complete(Thread.currentThread().getName()));
        assertThat(thread.get(10, TimeUnit.SECONDS)).as(method.getFullMethodName()).startsWith("rm-rpc-");
      }
    }
  }

  /**
   * Work handed to the transport thread a call runs on runs on that same thread, after the call's handler
   * (how heartbeat answers get written); from any other thread it runs right away, on the caller's thread.
   */
  @Test
  void theTransportOfACallsThread_isThatThread_elsewhereTheCaller() throws Exception {
    CompletableFuture<String> handlerThread = new CompletableFuture<>();
    CompletableFuture<String> handedTo = new CompletableFuture<>();
    var tracker = new ResourceTrackerServiceGrpc.ResourceTrackerServiceImplBase() {
      @Override
      public void unRegisterNodeManager(UnRegisterNodeManagerRequest request,
          StreamObserver<UnRegisterNodeManagerResponse> out) {
        handlerThread.complete(Thread.currentThread().getName());
        CallThreads.transportOfCurrentThread().execute(() -> handedTo.complete(Thread.currentThread().getName()));
        out.onNext(UnRegisterNodeManagerResponse.getDefaultInstance());
        out.onCompleted();
      }
    };
    try (RpcServer server = RpcServer.on(CallThreads.serverBuilder(new HostPort("127.0.0.1", 0),
        InsecureServerCredentials.create()), "127.0.0.1", List.of(), tracker)) {
      server.start();
      ManagedChannel channel = Channels.forAddress(server.address());
      try {
        ResourceTrackerServiceGrpc.newBlockingStub(channel)
            .unRegisterNodeManager(UnRegisterNodeManagerRequest.getDefaultInstance());
      } finally {
        Channels.close(channel);
      }
      assertThat(handlerThread.get(10, TimeUnit.SECONDS)).startsWith("rm-transport-");
      assertThat(handedTo.get(10, TimeUnit.SECONDS)).isEqualTo(handlerThread.get());
    }
    String[] ranOn = new String[1];
    CallThreads.transportOfCurrentThread().execute(() -> ranOn[0] = Thread.currentThread().getName());
    assertThat(ranOn[0]).isEqualTo(Thread.currentThread().getName());
  }

  /** A call of {@code method}: all the supplier reads of it. */
  private static <Q, R> ServerCall<Q, R> callOf(MethodDescriptor<Q, R> method) {
    return new ServerCall<>() {
      @Override
      public MethodDescriptor<Q, R> getMethodDescriptor() {
        return method;
      }

      @Override
      public void request(int numMessages) {}

      @Override
      public void sendHeaders(Metadata headers) {}

      @Override
      public void sendMessage(R message) {}

      @Override
      public void close(Status status, Metadata trailers) {}

      @Override
      public boolean isCancelled() {
        return false;
      }
    };
  }
}
