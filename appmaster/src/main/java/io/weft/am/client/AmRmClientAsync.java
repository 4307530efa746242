package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@link AmRmClient} driven by a heartbeat thread that hands what the RM answers to a
 * {@link CallbackHandler}, as YARN's {@code AMRMClientAsync}.
 *
 * <p>No fixed heartbeat interval: the heartbeat thread issues the next Allocate the moment the last
 * one returns, and each Allocate is a long poll the RM answers as soon as a container is granted or
 * completes (or after {@code longPoll} when nothing happens). A change made while a poll waits in the
 * RM (a new request, a removal, a release) ends the poll, and the heartbeat sends the change at once
 * (after making the ended poll again: the RM may have answered it), so the scheduler sees it without
 * waiting for the poll to end. One Allocate is in flight at a time, as YARN's response ids require.
 * Callbacks run one at a time, in order, on one callback thread: for each answer nodes updated, then
 * containers completed, then containers allocated, then containers the RM is taking back. An RM that
 * cannot be reached does not stop the heartbeat: each Allocate is retried with back-off (see
 * {@link AmRmClient}) and a RESYNC order is answered by registering again. Only an error the RM
 * answers (e.g. an unknown attempt), an RM unreachable for the whole
 * {@code weft.resourcemanager.connect.max-wait-ms}, or a callback that throws ends the heartbeat, and
 * is reported once to {@link CallbackHandler#onError}; an order to shut down ends it and calls
 * {@link CallbackHandler#onShutdownRequest}.
 */
public final class AmRmClientAsync implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  /** How long an Allocate may wait in the RM when nothing happens, unless given. */
  public static final Duration DEFAULT_LONG_POLL = Duration.ofSeconds(1);

  /** What the AM hears from the RM. Called on the client's callback thread, one call at a time. */
  public interface CallbackHandler {
    /** Containers that ended, with exit status and diagnostics; released ones too. */
    void onContainersCompleted(List<ContainerStatus> statuses);

    /** Containers granted for the requests; start them with {@link NmClientAsync} or release them. */
    void onContainersAllocated(List<Container> containers);

    /** The RM ordered the AM to stop (its attempt is no longer current or the application was killed). */
    void onShutdownRequest();

    /** Nodes whose state changed, e.g. lost or unhealthy. */
    default void onNodesUpdated(List<NodeUpdate> updated) {}

    /** The AM's progress in [0, 1], sent with every Allocate; called on the heartbeat thread. */
    float getProgress();

    /**
     * The RM refused the AM, stayed unreachable past the max wait, or a callback threw; the heartbeat
     * has stopped. Called at most once.
     */
    void onError(Throwable error);

    /**
     * Requests the RM gave up on and withdrew (a gang not placed within its timeout); they are no
     * longer asked for. Add them again to try again.
     */
    default void onRequestsRejected(List<RejectedRequest> rejected) {}

    /** Why outstanding requests cannot be placed now, each time the RM's reason changes. */
    default void onWaiting(String reason) {}

    /**
     * The RM is taking containers back for a queue below its guarantee (YARN's
     * {@code onPreemptionMessageReceived}); called with every answer while it is. Release them (see
     * {@link AmRmClientAsync#releaseAssignedContainer}) within the grace period to end their work as the AM
     * chooses; the ones still held then are killed and complete with exit status -102. By default nothing is
     * done.
     */
    default void onPreemptionMessageReceived(PreemptionMessage message) {}
  }

  private final AmRmClient client;
  private final CallbackHandler handler;
  private final Duration longPoll;
  private final ExecutorService callbacks;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicBoolean errorReported = new AtomicBoolean();
  private final Thread heartbeat;
  private volatile boolean running;
  private String lastWaitingReason = "";

  private AmRmClientAsync(AmRmClient client, Duration longPoll, CallbackHandler handler) {
    this.client = requireNonNull(client);
    this.handler = requireNonNull(handler);
    this.longPoll = requireNonNull(longPoll);
    this.callbacks = Executors.newSingleThreadExecutor(daemon("amrm-callback"));
    this.heartbeat = daemon("amrm-heartbeat").newThread(this::heartbeatLoop);
  }

  /** Drives {@code client} (which it closes on {@link #close}) with the default long poll. */
  public static AmRmClientAsync create(AmRmClient client, CallbackHandler handler) {
    return new AmRmClientAsync(client, DEFAULT_LONG_POLL, handler);
  }

  /** As {@link #create(AmRmClient, CallbackHandler)}, each Allocate waiting up to {@code longPoll} in the RM. */
  public static AmRmClientAsync create(AmRmClient client, Duration longPoll, CallbackHandler handler) {
    return new AmRmClientAsync(client, longPoll, handler);
  }

  public AmRmClient client() {
    return client;
  }

  /** Registers (see {@link AmRmClient#registerApplicationMaster}) and starts the heartbeat. */
  public RegisterResponse registerApplicationMaster(String host, int rpcPort, String trackingUrl) {
    RegisterResponse response = client.registerApplicationMaster(host, rpcPort, trackingUrl);
    synchronized (this) {
      if (!running && !stopped.get()) {
        running = true;
        heartbeat.start();
      }
    }
    return response;
  }

  public void addContainerRequest(ContainerRequest request) {
    client.addContainerRequest(request);
    kick();
  }

  /**
   * Adds every request, then sends them in one Allocate. Prefer this to a loop of
   * {@link #addContainerRequest}: each of those may be sent on its own, and a total sent while the RM
   * is granting the previous one can bring extra containers (the AM must then release them), as in YARN.
   */
  public void addContainerRequests(List<ContainerRequest> requests) {
    client.addContainerRequests(requests);
    kick();
  }

  public void removeContainerRequest(ContainerRequest request) {
    client.removeContainerRequest(request);
    kick();
  }

  public void releaseAssignedContainer(ContainerId container) {
    client.releaseAssignedContainer(container);
    kick();
  }

  /**
   * Stops the heartbeat and unregisters (see {@link AmRmClient#unregisterApplicationMaster}); no callback
   * follows the ones already queued. May be called from a callback.
   */
  public boolean unregisterApplicationMaster(FinalApplicationStatus status, String diagnostics, String trackingUrl) {
    running = false;
    boolean unregistered = client.unregisterApplicationMaster(status, diagnostics, trackingUrl);
    client.cancelPendingAllocate();
    return unregistered;
  }

  /** Stops the heartbeat and the callback thread and closes the client. Idempotent; may be called from a callback. */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    running = false;
    client.cancelPendingAllocate();
    callbacks.shutdown();
    try {
      if (heartbeat.isAlive() && Thread.currentThread() != heartbeat) {
        heartbeat.join(AmRmClient.defaultTimeout().plus(longPoll).toMillis());
      }
      if (!Thread.currentThread().getName().equals("amrm-callback")) {
        callbacks.awaitTermination(AmRmClient.defaultTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }

  private void heartbeatLoop() {
    while (running) {
      AllocateResponse response;
      try {
        response = client.allocate(handler.getProgress(), longPoll);
      } catch (WeftException e) {
        if (e.code() == WeftException.Code.CANCELLED && running && !Thread.currentThread().isInterrupted()) {
          continue; // a change ended the poll (see kick); the next call sends it
        }
        if (running) {
          fail(e);
        }
        return;
      } catch (RuntimeException e) {
        if (running) {
          fail(e);
        }
        return;
      }
      if (!deliver(response)) {
        return;
      }
    }
  }

  /** Sends pending changes at once: ends a long poll that may be holding them back. */
  private void kick() {
    if (running) {
      client.cancelPendingAllocate();
    }
  }

  /** Queues the answer's callbacks; false when the heartbeat must end (shutdown ordered). */
  private boolean deliver(AllocateResponse response) {
    if (response.command() == AllocateResponse.Command.SHUTDOWN) {
      running = false;
      callback(handler::onShutdownRequest);
      return false;
    }
    callback(() -> {
      if (!response.updatedNodes().isEmpty()) {
        handler.onNodesUpdated(response.updatedNodes());
      }
      if (!response.completedContainers().isEmpty()) {
        handler.onContainersCompleted(response.completedContainers());
      }
      if (!response.allocatedContainers().isEmpty()) {
        handler.onContainersAllocated(response.allocatedContainers());
      }
      if (!response.preemption().isEmpty()) {
        handler.onPreemptionMessageReceived(response.preemption());
      }
      if (!response.rejectedRequests().isEmpty()) {
        handler.onRequestsRejected(response.rejectedRequests());
      }
      if (!response.waitingReason().equals(lastWaitingReason)) {
        lastWaitingReason = response.waitingReason();
        if (!lastWaitingReason.isEmpty()) {
          handler.onWaiting(lastWaitingReason);
        }
      }
    });
    return true;
  }

  private void fail(Throwable error) {
    running = false;
    if (errorReported.compareAndSet(false, true)) {
      LOG.warn("AM-RM heartbeat stopped: {}", error.getMessage());
      callback(() -> handler.onError(error));
    }
  }

  private void callback(Runnable call) {
    try {
      callbacks.execute(() -> {
        try {
          call.run();
        } catch (RuntimeException e) {
          running = false;
          if (errorReported.compareAndSet(false, true)) {
            LOG.error("AM callback threw; stopping the heartbeat", e);
            handler.onError(e);
          }
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("callback dropped: the client is closed");
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
