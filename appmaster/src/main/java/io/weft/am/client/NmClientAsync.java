package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.am.rpc.NodeChannels;
import io.weft.am.rpc.NodeManagerClient;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ExitStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Starts, stops and queries containers on their NodeManagers without blocking the caller, as YARN's
 * {@code NMClientAsync}: each request runs on a small pool (so many containers start in parallel)
 * and its outcome arrives at the {@link CallbackHandler}, on a pool thread. Opens one channel per
 * node on first use and closes them on {@link #close}.
 */
public final class NmClientAsync implements AutoCloseable {
  private static final int THREADS = 8;

  /** Outcomes of the requests; called on the client's pool threads, possibly concurrently. */
  public interface CallbackHandler {
    /** The NM accepted the container and is starting its process. */
    void onContainerStarted(ContainerId containerId);

    void onContainerStatusReceived(ContainerId containerId, ContainerStatus status);

    void onContainerStopped(ContainerId containerId);

    /** The NM refused or could not be reached; the container never ran. Release it or retry elsewhere. */
    void onStartContainerError(ContainerId containerId, Throwable error);

    void onGetContainerStatusError(ContainerId containerId, Throwable error);

    void onStopContainerError(ContainerId containerId, Throwable error);
  }

  private final NodeChannels channels = new NodeChannels();
  private final NodeManagerClient nm;
  private final CallbackHandler handler;
  private final ExecutorService pool;

  private NmClientAsync(Duration timeout, CallbackHandler handler) {
    this.nm = new NodeManagerClient(channels, requireNonNull(timeout));
    this.handler = requireNonNull(handler);
    this.pool = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread thread = new Thread(runnable, "nm-client");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** A client whose calls have the default deadline ({@code weft.rpc.timeout-ms}). */
  public static NmClientAsync create(CallbackHandler handler) {
    return new NmClientAsync(AmRmClient.defaultTimeout(), handler);
  }

  public static NmClientAsync create(Duration timeout, CallbackHandler handler) {
    return new NmClientAsync(timeout, handler);
  }

  /** Starts {@code launch} in {@code container}, presenting the container token the RM granted. */
  public void startContainerAsync(Container container, ContainerLaunchContext launch) {
    requireNonNull(launch);
    submit(container.id(), handler::onStartContainerError, () -> {
      nm.start(container.id(), container.nodeId(), container.containerToken(), launch);
      handler.onContainerStarted(container.id());
    });
  }

  /** Stops the container's process (recorded with exit status -105, killed by the AM). */
  public void stopContainerAsync(ContainerId containerId, NodeId nodeId) {
    submit(containerId, handler::onStopContainerError, () -> {
      nm.stop(nodeId, List.of(containerId), ExitStatus.KILLED_BY_APPMASTER, "stopped by the ApplicationMaster");
      handler.onContainerStopped(containerId);
    });
  }

  public void getContainerStatusAsync(ContainerId containerId, NodeId nodeId) {
    submit(containerId, handler::onGetContainerStatusError,
        () -> handler.onContainerStatusReceived(containerId, nm.status(nodeId, containerId)));
  }

  /** Lets requests already made finish (up to the call deadline), then closes the channels. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(AmRmClient.defaultTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channels.close();
  }

  private interface ErrorCallback {
    void accept(ContainerId containerId, Throwable error);
  }

  private void submit(ContainerId containerId, ErrorCallback onError, Runnable request) {
    try {
      pool.execute(() -> {
        try {
          request.run();
        } catch (RuntimeException e) {
          onError.accept(containerId, e);
        }
      });
    } catch (RejectedExecutionException e) {
      onError.accept(containerId, new IllegalStateException("the NM client is closed", e));
    }
  }
}
