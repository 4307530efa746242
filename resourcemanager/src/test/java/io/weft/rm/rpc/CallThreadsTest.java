package io.weft.rm.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.StagingServiceGrpc;
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
