package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.launch.ExitStatus;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.NodeId;
import io.weft.rm.app.AppEvent;
import io.weft.rm.app.AppState;
import io.weft.rm.app.AttemptEvent;
import io.weft.rm.app.AttemptState;
import io.weft.rm.app.RmApp;
import io.weft.rm.app.RmAttempt;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.ContainerEvent;
import io.weft.rm.container.RmContainer;
import io.weft.rm.node.RmNode;
import io.weft.rm.store.ApplicationRecord;
import io.weft.rm.store.AttemptRecord;
import io.weft.rm.store.RecoveredState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Work-preserving restart on the core loop: brings applications and attempts back from the state
 * store, then takes back into the books the containers that NodeManagers report when they register
 * again. An attempt whose AM container no NodeManager reports in time has lost its AM and fails
 * (and is retried like any other attempt). An unmanaged AM's attempt has no container: it stays
 * LAUNCHED, its AM resyncs when it calls, and the AM liveness expiry fails it when it does not.
 */
final class Recovery {
  private static final Logger LOG = LogManager.getLogger();
  private final ClusterState state;
  private final Applications applications;
  /** Recovered attempts whose AM container no NodeManager has reported yet, by the node it was on. */
  private final Map<ApplicationAttemptId, NodeId> awaitingAm = new LinkedHashMap<>();
  private Instant recoveredAt;
  private int recovered;

  Recovery(ClusterState state, Applications applications) {
    this.state = requireNonNull(state);
    this.applications = requireNonNull(applications);
  }

  /** How many applications came back from the store. */
  int recoveredApplications() {
    return recovered;
  }

  void recover(RecoveredState saved) {
    recoveredAt = state.now();
    applications.continueAfter(saved.lastSequence());
    List<Map.Entry<Instant, RmApp>> ended = new ArrayList<>();
    for (ApplicationRecord record : saved.applications()) {
      RmApp app = applications.newApp(record.submission(), record.submitTime());
      state.putApp(app);
      restoreAttempts(app, record, saved.attemptsOf(record.submission().id()));
      if (record.finalState() != null) {
        app.finalStatus(record.finalStatus(), record.diagnostics());
        app.handle(AppEvent.recovered(record.finalState()), record.finishTime());
        ended.add(Map.entry(record.finishTime() == null ? record.submitTime() : record.finishTime(), app));
      } else {
        resume(app);
      }
      recovered++;
    }
    ended.sort(Map.Entry.comparingByKey());
    for (Map.Entry<Instant, RmApp> app : ended) {
      state.applicationEnded(app.getValue()).forEach(applications::forget);
    }
    LOG.info("recovered {} application(s) from the state store ({} active); ResourceManager epoch {}", recovered,
        recovered - ended.size(), state.epoch);
  }

  private void restoreAttempts(RmApp app, ApplicationRecord record, List<AttemptRecord> attempts) {
    for (AttemptRecord saved : attempts) {
      RmAttempt attempt = app.addAttempt(saved.id(), saved.startTime());
      AttemptState as = restoredState(record, saved);
      Instant ended = saved.finishTime() != null ? saved.finishTime()
          : record.finishTime() != null ? record.finishTime() : state.now();
      attempt.restore(AttemptEvent.recovered(as), ended, saved.amContainer(), saved.host(), saved.rpcPort(),
          saved.trackingUrl(), saved.diagnostics(), saved.amExitStatus());
      if (saved.amContainer() != null || (record.submission().unmanagedAm() && !as.isFinal())) {
        app.launched(saved.startTime());
      }
    }
  }

  /**
   * What an attempt comes back as: as saved, except that an attempt of an application that has
   * ended ends with it, and one saved past SCHEDULED without an AM container is scheduled again.
   */
  private static AttemptState restoredState(ApplicationRecord app, AttemptRecord saved) {
    if (saved.state().isFinal()) {
      return saved.state();
    }
    if (app.finalState() != null) {
      return switch (app.finalState()) {
        case KILLED -> AttemptState.KILLED;
        case FAILED -> AttemptState.FAILED;
        default -> AttemptState.FINISHED;
      };
    }
    if (app.submission().unmanagedAm()) {
      // No container to find again: its AM (in its client) is told to resync, as a managed one is.
      return AttemptState.LAUNCHED;
    }
    return saved.amContainer() == null ? AttemptState.SCHEDULED : saved.state();
  }

  /** An active application carries on from where its current attempt was, if its queue is still there. */
  private void resume(RmApp app) {
    RmAttempt current = app.currentAttempt().orElse(null);
    try {
      state.queues.leaf(app.queue());
    } catch (io.weft.common.rpc.WeftException e) {
      app.handle(AppEvent.recovered(AppState.ACCEPTED), state.now());
      applications.kill(app.submission().id(), "queue " + app.queue() + " is no longer a leaf queue of the "
          + "configuration the ResourceManager restarted with: " + e.getMessage(), app.submission().user());
      return;
    }
    if (current == null) {
      app.handle(AppEvent.recovered(AppState.ACCEPTED), state.now());
      applications.startAttempt(app);
    } else if (current.state() == AttemptState.SCHEDULED) {
      app.handle(AppEvent.recovered(AppState.ACCEPTED), state.now());
      applications.askForAm(app, current);
    } else if (current.state().isFinal()) {
      app.handle(AppEvent.recovered(AppState.ACCEPTED), state.now());
      applications.attemptEnded(app, current, current.diagnostics().isBlank()
          ? "attempt " + current.id() + " had ended when the ResourceManager restarted" : current.diagnostics());
    } else {
      boolean registered = !current.host().isBlank() || current.rpcPort() > 0 || !current.trackingUrl().isBlank();
      app.handle(AppEvent.recovered(registered ? AppState.RUNNING : AppState.ACCEPTED), state.now());
      if (app.submission().unmanagedAm()) {
        // Its AM has the AM liveness expiry from the restart to call again (it is then told to resync).
        current.heardFromAm(state.now());
      } else {
        awaitingAm.put(current.id(), current.amContainer().nodeId());
      }
    }
  }

  /**
   * A container an NM reports that this run of the RM does not know: taken back into the books
   * when an earlier run granted it and its application still wants it. Empty when it is not ours
   * to keep (the NM is then told to stop it).
   */
  Optional<RmContainer> adopt(RmNode node, NodeHeartbeat.Reported reported) {
    var id = reported.containerId();
    if (id.epoch() >= state.epoch) {
      return Optional.empty();
    }
    RmApp app = state.apps.get(id.applicationId());
    RmAttempt attempt = app == null || app.state().isFinal() ? null : app.attempt(id.attemptId()).orElse(null);
    if (attempt == null) {
      return Optional.empty();
    }
    boolean am = attempt.amContainer() != null && attempt.amContainer().containerId().equals(id);
    if (attempt.state().isFinal() && (am || !app.submission().keepContainersAcrossAttempts())) {
      return Optional.empty();
    }
    Allocation allocation = am ? attempt.amContainer() : new Allocation(id, node.id(), node.httpAddress(),
        reported.capability(), reported.priority(), reported.allocationRequestId(), app.submission().user());
    RmContainer container = state.newContainer(allocation, am, reported.created());
    container.handle(new ContainerEvent.Allocated());
    container.handle(new ContainerEvent.Started());
    state.containers.put(id, container);
    node.allocate(id, allocation.resource());
    app.containerStarted(id, node.number(), allocation.resource(), container.created());
    if (am) {
      awaitingAm.remove(attempt.id());
    }
    LOG.info("took back {} ({}{}) on {} for {} after the restart", id, allocation.resource(), am ? ", AM" : "",
        node.id(), attempt.id());
    return Optional.of(container);
  }

  /** Once {@code node} has reported its containers: an AM container it did not report is gone. */
  void nodeRegistered(NodeId node) {
    failAwaiting(e -> e.getValue().equals(node), attempt -> "AM container " + attempt.amContainer().containerId()
        + " was not running on " + node + " when its NodeManager registered again after the ResourceManager restart");
  }

  /** AM containers whose node has not come back within the liveness interval are given up. */
  void checkAwaitingAm() {
    if (awaitingAm.isEmpty() || recoveredAt.plus(state.settings.nodeExpiry()).isAfter(state.now())) {
      return;
    }
    failAwaiting(e -> true, attempt -> "node " + attempt.amContainer().nodeId() + " of AM container "
        + attempt.amContainer().containerId() + " did not register again within "
        + state.settings.nodeExpiry().toMillis() + " ms (weft.nm.liveness-monitor.expiry-interval-ms) of the "
        + "ResourceManager restart");
  }

  private void failAwaiting(java.util.function.Predicate<Map.Entry<ApplicationAttemptId, NodeId>> which,
      java.util.function.Function<RmAttempt, String> why) {
    List<ApplicationAttemptId> gone = awaitingAm.entrySet().stream().filter(which).map(Map.Entry::getKey).toList();
    for (ApplicationAttemptId id : gone) {
      awaitingAm.remove(id);
      RmApp app = state.apps.get(id.applicationId());
      RmAttempt attempt = app == null ? null : app.attempt(id).orElse(null);
      if (attempt == null || attempt.state().isFinal() || app.state().isFinal()) {
        continue;
      }
      String diagnostics = why.apply(attempt);
      LOG.warn("{}: {}", id, diagnostics);
      // as when a node is lost: the AM container is ABORTED, which does not use up an attempt
      applications.amLost(app, attempt, ExitStatus.ABORTED, diagnostics);
    }
  }
}
