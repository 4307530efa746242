package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.HostPort;
import io.weft.driver.scheduler.ClassLoaderScope;
import io.weft.driver.scheduler.TaskDescription;
import io.weft.driver.scheduler.TaskOutcome;
import io.weft.proto.CachedPartition;
import io.weft.proto.DriverMessage;
import io.weft.proto.DriverServiceGrpc;
import io.weft.proto.ExecutorMessage;
import io.weft.proto.LaunchTask;
import io.weft.proto.RegisterExecutor;
import io.weft.proto.TaskState;
import io.weft.proto.TaskStatusUpdate;
import io.weft.proto.FetchFileRequest;
import io.weft.proto.FetchFileResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The executor's side of DriverService.ExecutorSession: one stream, dialled out to the driver. */
public final class ExecutorSessionClient implements AutoCloseable {
  /** What the driver says; called on gRPC threads, one at a time. */
  public interface Listener {
    /**
     * {@code jars}, {@code files} and {@code archives} ({@code name#alias}, unpacked into alias) are what the
     * executor must fetch (or find, for local:) first.
     */
    void onRegistered(String applicationId, List<String> jars, List<String> files, List<String> archives);

    /** {@code jars}/{@code files}: everything shipped so far; the executor gets what it lacks first. */
    void onLaunch(TaskDescription task, List<String> jars, List<String> files, List<String> archives);

    /** The driver is done with a class-loader scope (see {@link io.weft.driver.scheduler.ClassLoaderScope}). */
    default void onReleaseClassLoaderScope(String scopeId) {}

    void onStop(String reason);

    /** The session ended without a stop order: the driver went away or refused us. */
    void onDisconnected(String reason);

    /** No connection to the driver could be made at all. */
    void onDriverUnreachable(String reason);
  }

  private final ManagedChannel channel;
  private final String secret;
  private StreamObserver<ExecutorMessage> out;
  private boolean closed;

  private ExecutorSessionClient(ManagedChannel channel, String secret) {
    this.channel = channel;
    this.secret = secret;
  }

  /** Downloads the driver's file {@code name} (FetchFile) to {@code into}, streaming. */
  public void fetchFile(String name, Path into) throws IOException {
    Iterator<FetchFileResponse> chunks = DriverServiceGrpc.newBlockingStub(
            ClientInterceptors.intercept(channel, new AppSecretClientInterceptor(secret)))
        .withDeadlineAfter(10, TimeUnit.MINUTES)
        .fetchFile(FetchFileRequest.newBuilder().setName(name).build());
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(into))) {
      while (chunks.hasNext()) {
        chunks.next().getChunk().writeTo(file);
      }
    } catch (io.grpc.StatusRuntimeException e) {
      throw new IOException("cannot fetch " + name + " from the driver: " + e.getStatus(), e);
    }
  }

  /** Dials {@code driver} with {@code credentials} (TLS when they hold a certificate) and registers. */
  public static ExecutorSessionClient connect(HostPort driver, AppCredentials credentials,
      ExecutorRegistration registration, Listener listener) {
    String secret = credentials.secret();
    ManagedChannel channel = NettyChannelBuilder.forAddress(driver.host(), driver.port(),
            credentials.channelCredentials())
        .maxInboundMessageSize(64 * 1024 * 1024)
        .keepAliveTime(10, TimeUnit.SECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .withOption(io.grpc.netty.shaded.io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .build();
    ExecutorSessionClient client = new ExecutorSessionClient(channel, secret);
    DriverServiceGrpc.DriverServiceStub stub = DriverServiceGrpc.newStub(
        ClientInterceptors.intercept(channel, new AppSecretClientInterceptor(secret)));
    synchronized (client) {
      client.out = stub.executorSession(new Inbound(requireNonNull(listener)));
      client.out.onNext(ExecutorMessage.newBuilder().setRegister(RegisterExecutor.newBuilder()
          .setExecutorId(registration.executorId()).setHost(registration.host()).setCores(registration.cores())
          .setContainerId(registration.containerId()).setNodeId(registration.nodeId())
          .setLogUrl(registration.logUrl())).build());
    }
    return client;
  }

  public synchronized void report(TaskOutcome outcome) {
    if (closed) {
      return;
    }
    var metrics = outcome.metrics();
    TaskStatusUpdate.Builder update = TaskStatusUpdate.newBuilder().setTaskId(outcome.taskId())
        .setRunTimeMs(metrics.runTimeMs()).setGcTimeMs(metrics.gcTimeMs())
        .setShuffleReadBytes(metrics.shuffleReadBytes()).setShuffleWriteBytes(metrics.shuffleWriteBytes())
        .setRecordsRead(metrics.recordsRead()).setRecordsWritten(metrics.recordsWritten());
    if (outcome instanceof TaskOutcome.Finished f) {
      update.setState(TaskState.TASK_FINISHED).setResult(ByteString.copyFrom(f.result()));
      f.cached().forEach(block -> update.addCachedPartitions(
          CachedPartition.newBuilder().setLineageId(block.lineageId()).setPartition(block.partition())));
    } else if (outcome instanceof TaskOutcome.Failed f) {
      update.setState(TaskState.TASK_FAILED).setErrorMessage(f.message()).setErrorStack(f.stack())
          .setFetchFailedExecutorId(f.fetchFailedExecutor());
    }
    out.onNext(ExecutorMessage.newBuilder().setTaskStatus(update).build());
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      try {
        out.onCompleted();
      } catch (RuntimeException e) {
        // already failed; nothing to tell the driver
      }
    }
    // The session was the only call on this channel and it is over: do not wait for the driver to close its side.
    channel.shutdownNow();
  }

  private static final class Inbound implements StreamObserver<DriverMessage> {
    private final Listener listener;
    private boolean stopped;
    private boolean heardFromDriver;

    Inbound(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void onNext(DriverMessage message) {
      heardFromDriver = true;
      switch (message.getKindCase()) {
        case REGISTERED -> listener.onRegistered(message.getRegistered().getApplicationId(),
            message.getRegistered().getJarsList(), message.getRegistered().getFilesList(),
            message.getRegistered().getArchivesList());
        case LAUNCH_TASK -> {
          LaunchTask t = message.getLaunchTask();
          listener.onLaunch(new TaskDescription(t.getTaskId(), t.getJobId(), t.getStageId(), t.getStageAttempt(),
              t.getPartition(), t.getAttempt(), t.getSerializedTask().toByteArray(),
              new ClassLoaderScope(t.getClassLoaderScope(), t.getScopeJarsList())), t.getJarsList(),
              t.getFilesList(), t.getArchivesList());
        }
        case RELEASE_CLASS_LOADER_SCOPE -> listener.onReleaseClassLoaderScope(
            message.getReleaseClassLoaderScope().getScopeId());
        case STOP -> {
          stopped = true;
          listener.onStop(message.getStop().getReason());
        }
        default -> { } // KillTask arrives with speculation / job cancellation (later)
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!stopped) {
        Status status = Status.fromThrowable(t);
        String reason = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        if (!heardFromDriver && status.getCode() == Status.Code.UNAVAILABLE) {
          listener.onDriverUnreachable(reason);
        } else {
          listener.onDisconnected(reason);
        }
      }
    }

    @Override
    public void onCompleted() {
      if (!stopped) {
        listener.onDisconnected("the driver ended the session without a stop order");
      }
    }
  }
}
