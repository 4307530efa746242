package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.driver.scheduler.TaskOutcome;
import io.weft.driver.scheduler.TaskScheduler;
import io.weft.driver.status.DriverEvent;
import io.weft.driver.storage.CachedBlock;
import io.weft.proto.DriverMessage;
import io.weft.proto.DriverServiceGrpc;
import io.weft.proto.ExecutorMessage;
import io.weft.proto.ExecutorRegistered;
import io.weft.proto.RegisterExecutor;
import io.weft.proto.TaskStatusUpdate;
import com.google.protobuf.ByteString;
import io.weft.proto.FetchFileRequest;
import io.weft.proto.FetchFileResponse;
import io.weft.proto.LauncherCommand;
import io.weft.proto.LauncherEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * DriverService: each executor's session registers it with the task scheduler, carries tasks out
 * and statuses in, and reports the executor lost when the stream ends for any reason.
 */
final class DriverServiceHandler extends DriverServiceGrpc.DriverServiceImplBase {
  private static final Logger LOG = LogManager.getLogger();
  private static final int FILE_CHUNK_BYTES = 256 * 1024;

  private final String applicationId;
  private final TaskScheduler scheduler;
  private final DriverServices services;

  DriverServiceHandler(String applicationId, TaskScheduler scheduler, DriverServices services) {
    this.applicationId = requireNonNull(applicationId);
    this.scheduler = requireNonNull(scheduler);
    this.services = requireNonNull(services);
  }

  @Override
  public StreamObserver<LauncherEvent> executorLauncherSession(StreamObserver<LauncherCommand> out) {
    if (services.launcher().isEmpty()) {
      out.onError(Status.FAILED_PRECONDITION.withDescription("the driver of " + applicationId
          + " runs in cluster mode and takes no executor launcher").asRuntimeException());
      return new StreamObserver<>() {
        @Override
        public void onNext(LauncherEvent value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }
    return new LauncherSessionHandler(services.launcher().get(), out);
  }

  @Override
  public void fetchFile(FetchFileRequest request, StreamObserver<FetchFileResponse> out) {
    Path file = services.files().path(request.getName()).orElse(null);
    if (file == null) {
      out.onError(Status.NOT_FOUND.withDescription("the driver of " + applicationId + " serves no file named '"
          + request.getName() + "'; it serves " + services.files().servedNames()).asRuntimeException());
      return;
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[FILE_CHUNK_BYTES];
      long size = Files.size(file);
      int read;
      boolean first = true;
      while ((read = in.readNBytes(buffer, 0, buffer.length)) > 0 || first) {
        FetchFileResponse.Builder chunk = FetchFileResponse.newBuilder().setChunk(ByteString.copyFrom(buffer, 0, read));
        if (first) {
          chunk.setSize(size);
          first = false;
        }
        out.onNext(chunk.build());
        if (read == 0) {
          break;
        }
      }
      out.onCompleted();
    } catch (IOException e) {
      out.onError(Status.INTERNAL.withDescription("cannot read " + file + ": " + e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public StreamObserver<ExecutorMessage> executorSession(StreamObserver<DriverMessage> out) {
    return new Session(out);
  }

  private final class Session implements StreamObserver<ExecutorMessage> {
    private final StreamObserver<DriverMessage> out;
    private ExecutorConnection connection;

    Session(StreamObserver<DriverMessage> out) {
      this.out = out;
    }

    @Override
    public void onNext(ExecutorMessage message) {
      switch (message.getKindCase()) {
        case REGISTER -> register(message.getRegister());
        case TASK_STATUS -> {
          if (connection == null) {
            out.onError(Status.FAILED_PRECONDITION.withDescription("an executor must register before reporting"
                + " task statuses").asRuntimeException());
            return;
          }
          status(message.getTaskStatus());
        }
        case HEARTBEAT -> LOG.debug("heartbeat from executor {}", connection == null ? "?" : connection.id());
        default -> LOG.warn("ignored empty message from executor {}", connection == null ? "?" : connection.id());
      }
    }

    private void register(RegisterExecutor register) {
      if (connection != null) {
        connection.closeWithError(Status.ALREADY_EXISTS.withDescription("executor " + connection.id()
            + " registered twice on one session").asRuntimeException());
        return;
      }
      if (register.getExecutorId().isEmpty() || register.getCores() < 1) {
        out.onError(Status.INVALID_ARGUMENT.withDescription("executor registration needs an id and at least one"
            + " core, got id '" + register.getExecutorId() + "' with " + register.getCores()).asRuntimeException());
        return;
      }
      ExecutorConnection candidate = new ExecutorConnection(register.getExecutorId(), register.getCores(),
          register.getHost(), register.getLogUrl(), out, services.files());
      candidate.send(DriverMessage.newBuilder().setRegistered(ExecutorRegistered.newBuilder()
          .setApplicationId(applicationId).putAllConf(services.executorConf()).addAllJars(services.files().jars())
          .addAllFiles(services.files().files()).addAllArchives(services.files().archives())).build());
      try {
        scheduler.executorAdded(candidate);
      } catch (IllegalStateException e) {
        candidate.closeWithError(Status.ALREADY_EXISTS.withDescription(e.getMessage()).asRuntimeException());
        return;
      }
      connection = candidate;
      LOG.info("executor {} registered from {} (container {}) with {} core(s)", register.getExecutorId(),
          register.getHost(), register.getContainerId(), register.getCores());
    }

    private void status(TaskStatusUpdate update) {
      DriverEvent.TaskMetrics metrics = new DriverEvent.TaskMetrics(update.getRunTimeMs(), update.getGcTimeMs(),
          update.getShuffleReadBytes(), update.getShuffleWriteBytes(), update.getRecordsRead(),
          update.getRecordsWritten());
      switch (update.getState()) {
        case TASK_FINISHED -> scheduler.taskEnded(new TaskOutcome.Finished(update.getTaskId(),
            update.getResult().toByteArray(), update.getCachedPartitionsList().stream()
                .map(p -> new CachedBlock(p.getLineageId(), p.getPartition())).toList(), metrics));
        case TASK_FAILED, TASK_KILLED -> scheduler.taskEnded(new TaskOutcome.Failed(update.getTaskId(),
            update.getErrorMessage(), update.getErrorStack(), update.getFetchFailedExecutorId(), metrics));
        default -> LOG.debug("task {} is {}", update.getTaskId(), update.getState());
      }
    }

    @Override
    public void onError(Throwable t) {
      if (connection != null) {
        connection.markClosed();
        scheduler.executorLost(connection.id(), "its session failed: " + Status.fromThrowable(t));
      }
    }

    @Override
    public void onCompleted() {
      if (connection != null) {
        scheduler.executorLost(connection.id(), "it closed its session");
        connection.stop("session closed by the executor");
      } else {
        out.onCompleted();
      }
    }
  }
}
