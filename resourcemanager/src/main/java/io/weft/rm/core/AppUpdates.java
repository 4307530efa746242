package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.CommonKeys;
import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.app.RmApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What may change of a running application after its submission, as YARN's client protocol allows: its priority
 * (the scheduler serves higher priorities first within a queue) and its lifetime (YARN's ApplicationTimeouts
 * LIFETIME), which the RM enforces by killing the application once past it. Both are saved with the submission, so
 * they outlive an RM restart.
 */
final class AppUpdates {
  /** YARN's words, so scripts that look for them find them. */
  static final String LIFETIME_EXCEEDED = "Application is killed by ResourceManager as it has exceeded the lifetime "
      + "period.";
  private static final Logger LOG = LogManager.getLogger();

  private final ClusterState state;
  private final StoreWrites store;
  private final Applications applications;
  private final Runnable requestSchedule;

  AppUpdates(ClusterState state, StoreWrites store, Applications applications, Runnable requestSchedule) {
    this.state = requireNonNull(state);
    this.store = requireNonNull(store);
    this.applications = requireNonNull(applications);
    this.requestSchedule = requireNonNull(requestSchedule);
  }

  /** For {@code user}, its owner or an administrator of its queue (as a kill). */
  AppReport updatePriority(ApplicationId id, int priority, String user) {
    RmApp app = active(id, user, "update the priority of");
    if (app.submission().priority() != priority) {
      LOG.info("application {} priority {} -> {}", id, app.submission().priority(), priority);
      app.updatePriority(priority);
      store.submitted(app);
      requestSchedule.run();
    }
    return app.report();
  }

  /** Kills {@code id} {@code lifetime} from now rather than when its lifetime (if any) said. */
  AppReport updateLifetime(ApplicationId id, Duration lifetime, String user) {
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.toSeconds() > CommonKeys.MAX_LIFETIME_SECONDS) {
      throw WeftException.invalidArgument("lifetime " + lifetime.toSeconds() + " s must be from 1 to "
          + CommonKeys.MAX_LIFETIME_SECONDS + " (100 years; seconds from now)");
    }
    RmApp app = active(id, user, "update the lifetime of");
    Instant expiry = state.now().plus(lifetime);
    LOG.info("application {} lifetime expires at {}", id, expiry);
    app.updateLifetimeExpiry(expiry);
    store.submitted(app);
    return app.report();
  }

  /** Kills every active application past its lifetime (run on each tick). */
  void checkLifetimes() {
    Instant now = state.now();
    // one already ending (its final state being saved, or its AM finishing) is left to end as it is: killing it
    // again on every tick would only queue more of the same
    List<RmApp> expired = state.activeApps().stream()
        .filter(app -> app.state() != AppState.FINAL_SAVING && app.state() != AppState.FINISHING)
        .filter(app -> app.lifetimeExpiry() != null && !now.isBefore(app.lifetimeExpiry())).toList();
    for (RmApp app : expired) {
      LOG.info("application {} exceeded its lifetime ({} s from submission): killing it", app.submission().id(),
          app.submission().lifetime().toSeconds());
      applications.kill(app, LIFETIME_EXCEEDED);
    }
  }

  private RmApp active(ApplicationId id, String user, String action) {
    RmApp app = state.app(id).orElseThrow(() -> WeftException.notFound("application " + id + " is not known"));
    state.queues.requireAdmin(app.queue(), user, app.submission().user(), action, id);
    if (app.state().isFinal()) {
      throw WeftException.failedPrecondition("application " + id + " is " + app.state() + "; cannot " + action
          + " it");
    }
    return app;
  }
}
