package io.weft.rm.ha;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.RmEndpoints;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs one ResourceManager's part in the election: a Curator {@link LeaderLatch} under the cluster's
 * election path, with this RM's id as participant id. Leadership makes it active ({@link Roles#becomeActive});
 * losing leadership, its ZooKeeper connection or the store's fence, or an administrator's hand-over,
 * makes it standby again ({@link Roles#becomeStandby}). Every transition runs on one thread, in the order
 * the events came, through {@link HaLifecycle#TABLE}.
 */
public final class HaController implements HaAdmin, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  /** How long a RM whose activation failed waits before it stands for election again. */
  private static final Duration REJOIN_AFTER_FAILURE = Duration.ofSeconds(1);

  /** What becoming active and standby means for the RM; both called on the HA thread only. */
  public interface Roles {
    /** Builds and starts the active services; {@code onFenced} is the store's way to say another RM took over. */
    void becomeActive(Consumer<String> onFenced);

    /** Stops the active services (if any), keeping the ports. Idempotent. */
    void becomeStandby();
  }

  private final String self;
  private final List<RmEndpoints.Endpoint> endpoints;
  private final String zkAddress;
  private final Duration zkTimeout;
  private final String election;
  private final CuratorFramework zk;
  private final Roles roles;
  private final ElectedLeader leader;
  private final ScheduledThreadPoolExecutor thread;
  private volatile HaServiceState state = HaServiceState.INITIALIZING;
  private volatile String reason;
  private volatile String zkConnection = "DISCONNECTED";
  /** Counts activations, so that a fence reported by an earlier activation's store is told apart. HA thread only. */
  private long activation;
  /** This RM's current place in the election. HA thread only. */
  private LeaderLatch latch;

  public HaController(String self, List<RmEndpoints.Endpoint> endpoints, String zkAddress, Duration zkTimeout,
      HaPaths paths, CuratorFramework zk, Roles roles) {
    this.self = requireNonNull(self);
    this.endpoints = List.copyOf(endpoints);
    this.zkAddress = requireNonNull(zkAddress);
    this.zkTimeout = requireNonNull(zkTimeout);
    this.election = paths.election();
    this.zk = requireNonNull(zk);
    this.roles = requireNonNull(roles);
    this.leader = new ElectedLeader(zk, election);
    this.reason = "connecting to ZooKeeper at " + zkAddress;
    this.thread = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "rm-ha-" + self);
      t.setDaemon(true);
      return t;
    });
    // a rejoin or a connection check still pending at close is moot
    thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Starts the ZooKeeper client and joins the election; returns at once, whether ZooKeeper answers or not. */
  public void start() {
    zk.getConnectionStateListenable().addListener((client, change) -> onConnection(change));
    zk.start();
    leader.start();
    run(this::joinElection);
    thread.schedule(() -> {
      if (state == HaServiceState.INITIALIZING) {
        reason = "ZooKeeper at " + zkAddress + " unreachable: no connection within " + zkTimeout.toMillis()
            + " ms; still trying";
        LOG.warn("ResourceManager {} is {}: {}", self, state.display(), reason);
      }
    }, zkTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public HaStatus status() {
    HaServiceState now = state;
    boolean connected = zkConnection.equals("CONNECTED");
    Optional<RmEndpoints.Endpoint> active = connected
        ? leader.id().flatMap(id -> endpoints.stream().filter(e -> e.id().equals(id)).findFirst())
        : Optional.empty();
    return new HaStatus(self, now, active, now == HaServiceState.ACTIVE ? "" : reason, zkConnection);
  }

  @Override
  public CompletableFuture<HaStatus> transitionToStandby() {
    CompletableFuture<HaStatus> done = new CompletableFuture<>();
    boolean queued = run(() -> {
      try {
        apply(new HaEvent.HandOver());
        done.complete(status());
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
        throw e;
      }
    });
    if (!queued) {
      done.complete(status());
    }
    return done;
  }

  private void onConnection(ConnectionState change) {
    zkConnection = switch (change) {
      case CONNECTED, RECONNECTED, READ_ONLY -> "CONNECTED";
      case SUSPENDED, LOST -> "DISCONNECTED";
    };
    if (change.isConnected()) {
      run(() -> {
        reason = "";
        apply(new HaEvent.ZooKeeperConnected());
      });
    } else {
      run(() -> {
        reason = "ZooKeeper at " + zkAddress + " unreachable (connection " + change + ")";
        apply(new HaEvent.ZooKeeperLost(reason));
      });
    }
  }

  /** A new latch: this RM stands for election behind those already in it. HA thread only. */
  private void joinElection() {
    if (state == HaServiceState.STOPPED) {
      return;
    }
    LeaderLatch mine = new LeaderLatch(zk, election, self);
    latch = mine;
    mine.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        run(() -> {
          if (latch == mine && mine.hasLeadership()) {
            apply(new HaEvent.Elected());
          }
        });
      }

      @Override
      public void notLeader() {
        run(() -> {
          if (latch == mine) {
            apply(new HaEvent.NotElected());
          }
        });
      }
    });
    try {
      mine.start();
    } catch (Exception e) {
      LOG.error("ResourceManager {} could not join the election at {}: {}", self, election, e.toString());
    }
  }

  /** Leaves the election; with {@code rejoinAfter}, stands again after that pause. HA thread only. */
  private void leaveElection(Duration rejoinAfter) {
    LeaderLatch mine = latch;
    latch = null;
    if (mine != null) {
      try {
        mine.close(LeaderLatch.CloseMode.SILENT);
      } catch (Exception e) {
        LOG.warn("ResourceManager {} could not leave the election cleanly: {}", self, e.toString());
      }
    }
    if (rejoinAfter != null) {
      thread.schedule(this::joinElection, rejoinAfter.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Applies one event: the table says where it goes, then this does what that move means. HA thread only. */
  private void apply(HaEvent event) {
    HaServiceState from = state;
    HaServiceState to = HaLifecycle.TABLE.next(self, from, event);
    state = to;
    if (from == to) {
      return;
    }
    if (to == HaServiceState.ACTIVE) {
      // Told ACTIVE only once the active services serve: whoever hears ACTIVE may call at once.
      state = from;
      activate();
      return;
    }
    if (from == HaServiceState.ACTIVE) {
      roles.becomeStandby();
    }
    if (event instanceof HaEvent.Fenced fenced) {
      reason = fenced.why();
      // perhaps still leader in the latch's eyes, but no longer the store's writer: stand again from the back
      leaveElection(Duration.ZERO);
    } else if (event instanceof HaEvent.ActivationFailed failed) {
      reason = failed.why();
      leaveElection(REJOIN_AFTER_FAILURE);
    } else if (event instanceof HaEvent.HandOver) {
      reason = "handed over by an administrator (rmadmin -transitionToStandby)";
      leaveElection(Duration.ZERO);
    } else if (event instanceof HaEvent.NotElected) {
      reason = "";
    } else if (event instanceof HaEvent.Stop) {
      reason = "";
      leaveElection(null);
    }
    LOG.info("ResourceManager {} is {}{}", self, to.display(), reason.isEmpty() ? "" : ": " + reason);
  }

  private void activate() {
    long mine = ++activation;
    try {
      roles.becomeActive(why -> run(() -> {
        if (activation == mine) {
          apply(new HaEvent.Fenced(why));
        }
      }));
      state = HaServiceState.ACTIVE;
    } catch (RuntimeException e) {
      LOG.error("ResourceManager {} was elected but could not become active", self, e);
      state = HaServiceState.ACTIVE; // where the table takes a failed activation from
      apply(new HaEvent.ActivationFailed("could not become active: " + e.getMessage()));
    }
  }

  /** Queues {@code action} on the HA thread; false (dropped) once the controller is closed. */
  private boolean run(Runnable action) {
    try {
      thread.execute(() -> {
        try {
          action.run();
        } catch (RuntimeException e) {
          LOG.error("ResourceManager {}: HA transition failed", self, e);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      LOG.debug("ResourceManager {} is closed; dropped an HA event", self);
      return false;
    }
  }

  /** Stops serving, leaves the election and closes the ZooKeeper client; waits for the HA thread to finish. */
  @Override
  public void close() {
    run(() -> apply(new HaEvent.Stop()));
    thread.shutdown();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("ResourceManager {}: the HA thread did not finish within 30 s", self);
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
    leader.close();
    zk.close();
    zkConnection = "TERMINATED";
  }
}
