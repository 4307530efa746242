package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.launch.ExitStatus;
import io.weft.rm.app.AppState;
import io.weft.rm.app.RmApp;
import io.weft.rm.app.RmAttempt;
import io.weft.rm.container.RmContainer;
import io.weft.rm.store.ApplicationRecord;
import io.weft.rm.store.AttemptRecord;
import io.weft.rm.store.StateStore;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Turns the core's applications and attempts into store records and saves them. */
final class StoreWrites {
  private static final Logger LOG = LogManager.getLogger();
  private final ClusterState state;
  private final StateStore store;

  StoreWrites(ClusterState state, StateStore store) {
    this.state = requireNonNull(state);
    this.store = requireNonNull(store);
  }

  String storeName() {
    return store.getClass().getName();
  }

  CompletableFuture<Void> submitted(RmApp app) {
    return store.storeApplication(ApplicationRecord.submitted(app.submission().inQueue(app.queue()),
        app.submitTime()));
  }

  CompletableFuture<Void> ended(RmApp app, AppState target) {
    return store.storeApplication(ApplicationRecord.submitted(app.submission().inQueue(app.queue()),
        app.submitTime()).ended(target, app.finalStatus(), app.diagnostics(), state.now()));
  }

  /**
   * Saves what a restarted RM needs of {@code attempt}. Nothing waits for it: a lost attempt
   * record costs a recovered application its current AM (it is retried), never its outcome.
   */
  void attempt(RmAttempt attempt) {
    RmContainer am = attempt.amContainer() == null ? null : state.containers.get(attempt.amContainer().containerId());
    AttemptRecord record = new AttemptRecord(attempt.id(), attempt.startTime(), attempt.state(),
        attempt.amContainer(), attempt.host(), attempt.rpcPort(), attempt.trackingUrl(), attempt.diagnostics(),
        am == null ? attempt.amExitStatus() : am.exitStatus(), attempt.finishTimeOrNull());
    store.storeAttempt(record).whenComplete((v, error) -> {
      if (error != null) {
        LOG.error("the state store could not save attempt {} ({}); after a restart it may be retried", attempt.id(),
            attempt.state(), error);
      }
    });
  }

  void removed(ApplicationId id) {
    store.removeApplication(id).whenComplete((v, error) -> {
      if (error != null) {
        LOG.error("the state store could not forget {}; it will be recovered after a restart", id, error);
      }
    });
  }
}
