package io.weft.am.client;

import io.weft.common.launch.ContainerEnvironment;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.weft.am.rpc.NodeChannels;
import io.weft.am.rpc.NodeManagerClient;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.tls.TlsSettings;
import io.weft.common.launch.ExitStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Starts, stops and queries containers on their NodeManagers without blocking the caller, as YARN's
 * {@code NMClientAsync}: each request runs on a small pool (so many containers start in parallel)
 * and its outcome arrives at the {@link CallbackHandler}, on a pool thread. Unless given channels, it
 * opens one per node on first use and closes them on {@link #close}.
 */
public final class NmClientAsync implements AutoCloseable {
  private static final int THREADS = 8;

  /** Outcomes of the requests; called on the client's pool threads, possibly concurrently. */
  public interface CallbackHandler {
    /** The NM accepted the container and is starting its process. */
    void onContainerStarted(ContainerId containerId);

    /** The NM refused or could not be reached; the container never ran. Release it or retry elsewhere. */
    void onStartContainerError(ContainerId containerId, Throwable error);

    // The answers to getContainerStatus and stopContainer; an AM that never asks need not handle them.

    default void onContainerStatusReceived(ContainerId containerId, ContainerStatus status) {}

    default void onContainerStopped(ContainerId containerId) {}

    default void onGetContainerStatusError(ContainerId containerId, Throwable error) {}

    default void onStopContainerError(ContainerId containerId, Throwable error) {}
  }

  private final NodeChannels ownedChannels;
  private final NodeManagerClient nm;
  private final CallbackHandler handler;
  private final ExecutorService pool;

  private NmClientAsync(Function<NodeId, Channel> channels, NodeChannels ownedChannels, Duration timeout,
      CallbackHandler handler) {
    this.ownedChannels = ownedChannels;
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
    return create(AmRmClient.defaultTimeout(), handler);
  }

  public static NmClientAsync create(Duration timeout, CallbackHandler handler) {
    // An AM runs in a container: its NM says in the environment whether the cluster speaks TLS.
    NodeChannels channels = new NodeChannels(TlsSettings.ofContainer(ContainerEnvironment.current()).channelCredentials());
    return new NmClientAsync(channels, channels, timeout, handler);
  }

  /**
   * A client over the caller's channels, one per node's ContainerManagementService; {@link #close}
   * leaves them open.
   */
  public static NmClientAsync create(Function<NodeId, Channel> channels, Duration timeout, CallbackHandler handler) {
    return new NmClientAsync(requireNonNull(channels), null, timeout, handler);
  }

  /** Starts {@code launch} in {@code container}, presenting the container token the RM granted. */
  public void startContainerAsync(Container container, ContainerLaunchContext launch) {
    requireNonNull(launch);
    submit(container.id(), handler::onStartContainerError,
        () -> {
          nm.start(container.id(), container.nodeId(), container.containerToken(), launch);
          return container.id();
        }, handler::onContainerStarted);
  }

  /** Stops the container's process (recorded with exit status -105, killed by the AM). */
  public void stopContainerAsync(ContainerId containerId, NodeId nodeId) {
    submit(containerId, handler::onStopContainerError,
        () -> {
          nm.stop(nodeId, List.of(containerId), ExitStatus.KILLED_BY_APPMASTER, "stopped by the ApplicationMaster");
          return containerId;
        }, handler::onContainerStopped);
  }

  public void getContainerStatusAsync(ContainerId containerId, NodeId nodeId) {
    submit(containerId, handler::onGetContainerStatusError, () -> nm.status(nodeId, containerId),
        status -> handler.onContainerStatusReceived(containerId, status));
  }

  /** Lets requests already made finish (up to the call deadline), then closes the channels it opened. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(AmRmClient.defaultTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownedChannels != null) {
      ownedChannels.close();
    }
  }

  private interface ErrorCallback {
    void accept(ContainerId containerId, Throwable error);
  }

  /** Runs {@code request} on the pool, then {@code onSuccess}, or {@code onError} when the request fails. */
  private <T> void submit(ContainerId containerId, ErrorCallback onError, Supplier<T> request,
      Consumer<T> onSuccess) {
    try {
      pool.execute(() -> {
        T result;
        try {
          result = request.get();
        } catch (RuntimeException e) {
          onError.accept(containerId, e);
          return;
        }
        onSuccess.accept(result);
      });
    } catch (RejectedExecutionException e) {
      onError.accept(containerId, new IllegalStateException("the NM client is closed", e));
    }
  }
}
