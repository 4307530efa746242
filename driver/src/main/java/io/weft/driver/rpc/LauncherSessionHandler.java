package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.driver.client.ExecutorLoss;
import io.weft.driver.client.LauncherListener;
import io.weft.proto.ExecutorContainerLost;
import io.weft.proto.FinishLauncher;
import io.weft.proto.KillExecutors;
import io.weft.proto.LauncherCommand;
import io.weft.proto.LauncherEvent;
import io.weft.proto.ReportProgress;
import io.weft.proto.RequestExecutors;
import java.util.List;

/** The driver's side of ExecutorLauncherSession: proto in, {@link LauncherListener} calls out, and back. */
final class LauncherSessionHandler implements StreamObserver<LauncherEvent> {
  private final LauncherListener listener;
  private final StreamObserver<LauncherCommand> out;
  private final Control control = new Control();
  private boolean closed;

  LauncherSessionHandler(LauncherListener listener, StreamObserver<LauncherCommand> out) {
    this.listener = requireNonNull(listener);
    this.out = requireNonNull(out);
  }

  @Override
  public void onNext(LauncherEvent event) {
    switch (event.getKindCase()) {
      case REGISTERED -> listener.launcherRegistered(event.getRegistered().getApplicationAttemptId(), control);
      case EXECUTOR_STARTED -> listener.executorStarted(event.getExecutorStarted().getExecutorId(),
          event.getExecutorStarted().getContainerId(), event.getExecutorStarted().getNodeId());
      case EXECUTOR_LOST -> listener.executorLost(loss(event.getExecutorLost()));
      default -> { } // an empty event: nothing to do
    }
  }

  private static ExecutorLoss loss(ExecutorContainerLost lost) {
    ExecutorLoss.Kind kind = switch (lost.getReason()) {
      case LOSS_NODE_LOST -> ExecutorLoss.Kind.NODE_LOST;
      case LOSS_PREEMPTED -> ExecutorLoss.Kind.PREEMPTED;
      case LOSS_KILLED_BY_REQUEST -> ExecutorLoss.Kind.KILLED_BY_REQUEST;
      case LOSS_LAUNCH_FAILED -> ExecutorLoss.Kind.LAUNCH_FAILED;
      default -> ExecutorLoss.Kind.EXITED;
    };
    return new ExecutorLoss(lost.getExecutorId(), kind, lost.getExitStatus(), lost.getDiagnostics());
  }

  @Override
  public void onError(Throwable t) {
    markClosed();
    listener.launcherGone(control, "its session failed: " + Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    send(null);
    listener.launcherGone(control, "it closed its session");
  }

  private synchronized void markClosed() {
    closed = true;
  }

  /** Sends {@code command}, or completes the stream when it is null. */
  private synchronized void send(LauncherCommand command) {
    if (closed) {
      return;
    }
    try {
      if (command == null) {
        closed = true;
        out.onCompleted();
      } else {
        out.onNext(command);
      }
    } catch (RuntimeException e) { // cancelled under us; onError reports it
      closed = true;
    }
  }

  private final class Control implements LauncherListener.Control {
    @Override
    public void requestExecutors(int total, long executorMemoryMb, int executorCores) {
      send(LauncherCommand.newBuilder().setRequestExecutors(RequestExecutors.newBuilder().setTotal(total)
          .setExecutorMemoryMb(executorMemoryMb).setExecutorCores(executorCores)).build());
    }

    @Override
    public void killExecutors(List<String> executorIds) {
      send(LauncherCommand.newBuilder().setKillExecutors(KillExecutors.newBuilder().addAllExecutorIds(executorIds))
          .build());
    }

    @Override
    public void reportProgress(float progress) {
      send(LauncherCommand.newBuilder().setProgress(ReportProgress.newBuilder().setProgress(progress)).build());
    }

    @Override
    public void finish(boolean succeeded, String diagnostics) {
      send(LauncherCommand.newBuilder().setFinish(FinishLauncher.newBuilder().setSucceeded(succeeded)
          .setDiagnostics(diagnostics)).build());
    }
  }
}
