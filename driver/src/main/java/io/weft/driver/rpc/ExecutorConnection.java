package io.weft.driver.rpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.weft.driver.scheduler.ExecutorHandle;
import io.weft.driver.scheduler.TaskDescription;
import io.weft.proto.DriverMessage;
import io.weft.proto.LaunchTask;
import io.weft.proto.ReleaseClassLoaderScope;
import io.weft.proto.StopExecutor;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** A remote executor, reached through its open session stream. Sends are serialized. */
final class ExecutorConnection implements ExecutorHandle {
  private static final Logger LOG = LogManager.getLogger();

  private final String id;
  private final int cores;
  private final String host;
  private final String logUrl;
  private final StreamObserver<DriverMessage> out;
  private final FileServer files;
  private boolean closed;

  ExecutorConnection(String id, int cores, String host, String logUrl, StreamObserver<DriverMessage> out,
      FileServer files) {
    this.id = id;
    this.cores = cores;
    this.host = host;
    this.logUrl = logUrl;
    this.out = out;
    this.files = files;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int cores() {
    return cores;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public String logUrl() {
    return logUrl;
  }

  @Override
  public void launch(TaskDescription task) {
    send(DriverMessage.newBuilder().setLaunchTask(LaunchTask.newBuilder()
        .setTaskId(task.taskId()).setJobId(task.jobId()).setStageId(task.stageId())
        .setStageAttempt(task.stageAttempt()).setPartition(task.partition()).setAttempt(task.attempt())
        .setSerializedTask(ByteString.copyFrom(task.serializedTask()))
        // jars and files added since the executor registered; it fetches what it has not got yet
        .addAllJars(files.jars()).addAllFiles(files.files()).addAllArchives(files.archives())
        .setClassLoaderScope(task.scope().id()).addAllScopeJars(task.scope().jars())).build());
  }

  @Override
  public void releaseClassLoaderScope(String scopeId) {
    send(DriverMessage.newBuilder().setReleaseClassLoaderScope(ReleaseClassLoaderScope.newBuilder()
        .setScopeId(scopeId)).build());
  }

  @Override
  public synchronized void stop(String reason) {
    send(DriverMessage.newBuilder().setStop(StopExecutor.newBuilder().setReason(reason)).build());
    if (!closed) {
      closed = true;
      out.onCompleted();
    }
  }

  synchronized void send(DriverMessage message) {
    if (closed) {
      LOG.debug("executor {} is closed; dropped {}", id, message.getKindCase());
      return;
    }
    try {
      out.onNext(message);
    } catch (RuntimeException e) { // the call was cancelled under us; the session's onError reports the loss
      LOG.debug("cannot send to executor {}: {}", id, e.toString());
      closed = true;
    }
  }

  synchronized void closeWithError(Throwable error) {
    if (!closed) {
      closed = true;
      out.onError(error);
    }
  }

  synchronized void markClosed() {
    closed = true;
  }

  @Override
  public String toString() {
    return "executor " + id;
  }
}
