package io.weft.nm.application;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The applications of this node and their {@link ApplicationState}s, driven by the container manager:
 * an application starts RUNNING with its first container, moves to FINISHING_CONTAINERS_WAIT when the
 * RM says it is over ({@link #finishing}), to APPLICATION_RESOURCES_CLEANINGUP when its last container is
 * DONE, and to FINISHED once its working dirs are deleted ({@link #cleanedUp}). A FINISHED application
 * stays listed for {@code finishedRetention} (YARN's NM keeps one until it has handled its logs), then
 * is forgotten. Thread-safe; every transition is logged here.
 */
public final class Applications {
  private static final Logger LOG = LogManager.getLogger();

  private final Clock clock;
  private final Duration finishedRetention;
  private final Map<ApplicationId, Application> apps = new TreeMap<>();
  private final Listener listener;

  private static final class Application {
    final ApplicationId id;
    final String user;
    final SortedSet<ContainerId> notDone = new TreeSet<>();
    ApplicationState state = ApplicationState.NEW;
    Instant finishedAt;

    Application(ApplicationId id, String user) {
      this.id = id;
      this.user = user;
    }

    ApplicationReport report() {
      return new ApplicationReport(id, user, state, List.copyOf(notDone));
    }
  }

  /** Told of each move of an application of {@code user} to {@code state}. */
  @FunctionalInterface
  public interface Listener {
    void moved(ApplicationId app, String user, ApplicationState state);
  }

  public Applications(Clock clock, Duration finishedRetention) {
    this(clock, finishedRetention, (app, user, state) -> { });
  }

  /**
   * As {@link #Applications(Clock, Duration)}, telling {@code listener} of every move (under this object's lock,
   * so it must not block): how log aggregation hears that an application runs here and that its last container
   * is done.
   */
  public Applications(Clock clock, Duration finishedRetention, Listener listener) {
    this.clock = requireNonNull(clock);
    this.finishedRetention = requireNonNull(finishedRetention);
    this.listener = requireNonNull(listener);
  }

  /**
   * Container {@code id} of {@code user} is tracked on this node (started, or recovered after a restart);
   * its application starts with its first one. Refused (FAILED_PRECONDITION) when the RM has already
   * said the application is over: nothing of it may start again here.
   */
  public synchronized void containerAdded(ContainerId id, String user) {
    forgetExpired();
    ApplicationId appId = id.applicationId();
    Application app = apps.get(appId);
    if (app == null) {
      app = new Application(appId, user);
      apps.put(appId, app);
      move(app, ApplicationState.INITING, "its first container " + id);
      move(app, ApplicationState.RUNNING, "nothing to initialize on this node");
    } else if (app.state.hasEnded()) {
      throw WeftException.failedPrecondition(id + " not started: application " + appId + " has ended on this node ("
          + app.state + ")");
    }
    app.notDone.add(id);
  }

  /** Container {@code id} is DONE; the last one of an application the RM said is over starts its cleanup. */
  public synchronized void containerDone(ContainerId id) {
    Application app = apps.get(id.applicationId());
    if (app == null || !app.notDone.remove(id)) {
      return; // a container seen DONE twice, or of an application already forgotten: nothing changes
    }
    if (app.state == ApplicationState.FINISHING_CONTAINERS_WAIT && app.notDone.isEmpty()) {
      move(app, ApplicationState.APPLICATION_RESOURCES_CLEANINGUP, "its last container " + id + " is done");
    }
  }

  /**
   * The RM says {@code appId} is over. False when there is nothing to start: the application has already
   * ended here (the RM may say it again), or this node does not know it (then its dirs may still be deleted).
   */
  public synchronized boolean finishing(ApplicationId appId) {
    Application app = apps.get(appId);
    if (app == null || app.state.hasEnded()) {
      LOG.debug("{} is {} on this node; nothing to finish", appId, app == null ? "not known" : app.state);
      return false;
    }
    move(app, app.notDone.isEmpty() ? ApplicationState.APPLICATION_RESOURCES_CLEANINGUP
        : ApplicationState.FINISHING_CONTAINERS_WAIT, "the ResourceManager says it is over");
    return true;
  }

  /** The working dirs of {@code appId} are deleted: it is FINISHED. An application not known here is ignored. */
  public synchronized void cleanedUp(ApplicationId appId) {
    Application app = apps.get(appId);
    if (app == null) {
      return;
    }
    move(app, ApplicationState.FINISHED, "its working dirs are deleted");
    app.finishedAt = clock.instant();
    forgetExpired();
  }

  /** The applications of this node, in id order. */
  public synchronized List<ApplicationReport> reports() {
    forgetExpired();
    List<ApplicationReport> out = new ArrayList<>();
    apps.values().forEach(a -> out.add(a.report()));
    return out;
  }

  public synchronized Optional<ApplicationReport> report(ApplicationId appId) {
    forgetExpired();
    return Optional.ofNullable(apps.get(appId)).map(Application::report);
  }

  private void forgetExpired() {
    Instant now = clock.instant();
    apps.values().removeIf(a -> {
      boolean expired = a.state == ApplicationState.FINISHED && !a.finishedAt.plus(finishedRetention).isAfter(now);
      if (expired) {
        LOG.debug("{} forgotten {} after it finished", a.id, finishedRetention);
      }
      return expired;
    });
  }

  private void move(Application app, ApplicationState next, String cause) {
    app.state.requireMoveTo(next, app.id);
    LOG.info("{} {} -> {} on {}", app.id, app.state, next, cause);
    app.state = next;
    listener.moved(app.id, app.user, next);
  }
}
