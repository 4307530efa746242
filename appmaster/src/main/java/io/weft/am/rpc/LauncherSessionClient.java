package io.weft.am.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.StreamObserver;
import io.weft.am.allocator.ExecutorEnd;
import io.weft.common.id.HostPort;
import io.weft.common.launch.ExitStatus;
import io.weft.driver.rpc.AppCredentials;
import io.weft.driver.rpc.AppSecretClientInterceptor;
import io.weft.proto.DriverServiceGrpc;
import io.weft.proto.ExecutorContainerLost;
import io.weft.proto.ExecutorContainerStarted;
import io.weft.proto.ExecutorLossReason;
import io.weft.proto.LauncherCommand;
import io.weft.proto.LauncherEvent;
import io.weft.proto.LauncherRegistered;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The ExecutorLauncher's side of DriverService.ExecutorLauncherSession (client mode), dialled to the driver. */
public final class LauncherSessionClient implements AutoCloseable {
  /** The driver's orders; called on gRPC threads, one at a time. */
  public interface Orders {
    void requestExecutors(int total);

    void killExecutors(List<String> executorIds);

    /** The application's progress in [0, 1], as the driver measures it. */
    void progress(float progress);

    void finish(boolean succeeded, String diagnostics);

    /** The session ended without a finish order: the driver went away or could not be reached. */
    void disconnected(String reason);
  }

  private final ManagedChannel channel;
  private StreamObserver<LauncherEvent> out;
  private boolean closed;

  private LauncherSessionClient(ManagedChannel channel) {
    this.channel = channel;
  }

  /** Dials {@code driver} with {@code credentials} and registers; a connect attempt gives up after 10 s. */
  public static LauncherSessionClient connect(HostPort driver, AppCredentials credentials, String attemptId,
      long maxMemoryMb, Orders orders) {
    ManagedChannel channel = NettyChannelBuilder.forAddress(driver.host(), driver.port(),
            credentials.channelCredentials())
        .keepAliveTime(10, TimeUnit.SECONDS).keepAliveTimeout(10, TimeUnit.SECONDS)
        .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .build();
    LauncherSessionClient client = new LauncherSessionClient(channel);
    DriverServiceGrpc.DriverServiceStub stub = DriverServiceGrpc.newStub(
        ClientInterceptors.intercept(channel, new AppSecretClientInterceptor(credentials.secret())));
    synchronized (client) {
      client.out = stub.executorLauncherSession(new Inbound(requireNonNull(orders)));
      client.out.onNext(LauncherEvent.newBuilder().setRegistered(LauncherRegistered.newBuilder()
          .setApplicationAttemptId(attemptId).setMaxExecutorMemoryMb(maxMemoryMb)).build());
    }
    return client;
  }

  public void executorStarted(String executorId, String containerId, String nodeId) {
    send(LauncherEvent.newBuilder().setExecutorStarted(ExecutorContainerStarted.newBuilder()
        .setExecutorId(executorId).setContainerId(containerId).setNodeId(nodeId)).build());
  }

  public void executorEnded(ExecutorEnd end) {
    ExecutorLossReason reason;
    if (end.requested()) {
      reason = ExecutorLossReason.LOSS_KILLED_BY_REQUEST;
    } else if (end.launchFailed()) {
      reason = ExecutorLossReason.LOSS_LAUNCH_FAILED;
    } else if (end.exitStatus() == ExitStatus.PREEMPTED) {
      reason = ExecutorLossReason.LOSS_PREEMPTED;
    } else if (end.exitStatus() == ExitStatus.ABORTED) {
      reason = ExecutorLossReason.LOSS_NODE_LOST;
    } else {
      reason = ExecutorLossReason.LOSS_EXITED;
    }
    send(LauncherEvent.newBuilder().setExecutorLost(ExecutorContainerLost.newBuilder()
        .setExecutorId(end.executorId()).setContainerId(end.containerId()).setReason(reason)
        .setExitStatus(end.exitStatus()).setDiagnostics(end.diagnostics())).build());
  }

  private synchronized void send(LauncherEvent event) {
    if (closed) {
      return;
    }
    try {
      out.onNext(event);
    } catch (RuntimeException e) { // the stream failed; Inbound reports it
      closed = true;
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      try {
        out.onCompleted();
      } catch (RuntimeException e) {
        // already failed
      }
    }
    channel.shutdown();
  }

  private static final class Inbound implements StreamObserver<LauncherCommand> {
    private final Orders orders;
    private boolean finished;

    Inbound(Orders orders) {
      this.orders = orders;
    }

    @Override
    public void onNext(LauncherCommand command) {
      switch (command.getKindCase()) {
        case REQUEST_EXECUTORS -> orders.requestExecutors(command.getRequestExecutors().getTotal());
        case KILL_EXECUTORS -> orders.killExecutors(command.getKillExecutors().getExecutorIdsList());
        case PROGRESS -> orders.progress(command.getProgress().getProgress());
        case FINISH -> {
          finished = true;
          orders.finish(command.getFinish().getSucceeded(), command.getFinish().getDiagnostics());
        }
        default -> { } // an empty command
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!finished) {
        Status status = Status.fromThrowable(t);
        orders.disconnected(status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription())
            + (status.getCause() == null ? "" : " (" + status.getCause().getMessage() + ")"));
      }
    }

    @Override
    public void onCompleted() {
      if (!finished) {
        orders.disconnected("the driver ended the session without a finish order");
      }
    }
  }
}
