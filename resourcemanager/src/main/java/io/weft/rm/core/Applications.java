package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import io.weft.rm.app.AppEvent;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.app.AttemptEvent;
import io.weft.rm.app.AttemptState;
import io.weft.rm.app.FinalStatus;
import io.weft.rm.app.RmApp;
import io.weft.rm.app.RmAttempt;
import io.weft.rm.container.CompletedContainer;
import io.weft.rm.container.ContainerEvent;
import io.weft.rm.container.ContainerState;
import io.weft.common.launch.ExitStatus;
import io.weft.rm.container.RmContainer;
import io.weft.rm.scheduler.AskKey;
import io.weft.rm.scheduler.Gang;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Application and attempt lifecycles on the core loop: submission through the state store,
 * AM launch, attempt failure and retry, kill, and the end of an application.
 */
final class Applications {
  private static final Logger LOG = LogManager.getLogger();
  /** The AM container's ask key: priority 0, ahead of everything its AM will ask. */
  static final int AM_PRIORITY = 0;

  private final ClusterState state;
  private final StoreWrites store;
  private final NodeClient nodeClient;
  private final NodeLabelling labelling;
  private final Executor loop;
  private final Runnable requestSchedule;
  private final Set<ApplicationId> issued = new HashSet<>();
  private int nextSequence = 1;

  Applications(ClusterState state, StoreWrites store, NodeClient nodeClient, NodeLabelling labelling, Executor loop,
      Runnable requestSchedule) {
    this.state = requireNonNull(state);
    this.store = requireNonNull(store);
    this.nodeClient = requireNonNull(nodeClient);
    this.labelling = requireNonNull(labelling);
    this.loop = requireNonNull(loop);
    this.requestSchedule = requireNonNull(requestSchedule);
  }

  /** New ids continue after {@code lastSequence}, the highest a state store says was handed out. */
  void continueAfter(int lastSequence) {
    nextSequence = Math.max(nextSequence, lastSequence + 1);
  }

  /**
   * After a restart, an id of this cluster that a client got from an earlier run but had not
   * submitted yet (the store keeps only submitted ones) is taken, so a submission in flight
   * across the restart goes through.
   */
  private boolean mayHaveBeenIssuedBeforeRestart(ApplicationId id) {
    return state.epoch > 0 && id.clusterTimestamp() == state.clusterTimestamp;
  }

  ApplicationId newApplication() {
    ApplicationId id = new ApplicationId(state.clusterTimestamp, nextSequence++);
    issued.add(id);
    return id;
  }

  /**
   * Admits a submission; the future completes once the state store has it (the client's answer
   * waits for that), or fails naming the store's error, the application then FAILED.
   */
  CompletableFuture<Void> submit(ApplicationSubmission submission) {
    ApplicationId id = submission.id();
    if (state.apps.containsKey(id)) {
      throw WeftException.alreadyExists("application " + id + " was already submitted");
    }
    if (!issued.contains(id) && !mayHaveBeenIssuedBeforeRestart(id)) {
      throw WeftException.notFound("application " + id
          + " was not handed out by this ResourceManager; ask for a new application first");
    }
    nextSequence = Math.max(nextSequence, id.sequence() + 1);
    var leaf = state.queues.admit(submission.queue(), submission.user(), state.queueUsage()::apps);
    // YARN's RMAppManager: an AM without a label expression takes the application's, else its queue's default
    // one, fixed at submission; the application's is checked now too, not at its first ask
    var queue = state.queues.leaf(leaf.name());
    if (!submission.nodeLabelExpression().isEmpty()) {
      labelling.partitionFor(submission.nodeLabelExpression(), queue);
    }
    String amPartition = submission.unmanagedAm() ? "" : labelling.partitionFor(
        submission.amNodeLabelExpression().isEmpty() ? submission.nodeLabelExpression()
            : submission.amNodeLabelExpression(), queue);
    RmApp app = newApp(submission.inQueue(leaf.name()).withAmNodeLabelExpression(amPartition), state.now());
    state.putApp(app);
    app.handle(new AppEvent.Start(), state.now());
    return store.submitted(app).handleAsync((v, error) -> {
      saved(app, error);
      if (error != null) {
        throw WeftException.internal("the state store could not save application " + id + ": "
            + rootMessage(error), error);
      }
      return null;
    }, loop);
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    return cause.getMessage();
  }

  /**
   * Moves an active application to another leaf queue for {@code user} (its owner or an
   * administrator of its queue), after the same checks as a submission.
   */
  AppReport move(ApplicationId id, String queue, String user) {
    RmApp app = state.app(id).orElseThrow(() -> WeftException.notFound("application " + id + " is not known"));
    state.queues.requireAdmin(app.queue(), user, app.submission().user(), "move", id);
    if (app.state().isFinal()) {
      throw WeftException.failedPrecondition("application " + id + " is " + app.state() + " and cannot move");
    }
    String target = state.queues.leaf(queue).name();
    if (target.equals(app.queue())) {
      return app.report();
    }
    state.queues.admit(target, app.submission().user(), state.queueUsage()::apps);
    LOG.info("application {} moved from queue {} to {}", id, app.queue(), target);
    app.moveTo(target);
    store.submitted(app);
    return app.report();
  }

  private void saved(RmApp app, Throwable error) {
    if (error != null) {
      LOG.error("cannot save {}", app.submission().id(), error);
      app.finalStatus(FinalStatus.FAILED, "the state store could not save the application: " + rootMessage(error));
      app.handle(new AppEvent.Kill(), state.now());
      app.handle(new AppEvent.FinalSavedFailed(), state.now());
      return;
    }
    if (app.state() != AppState.NEW_SAVING) {
      app.handle(new AppEvent.Saved(), state.now());
      return;
    }
    app.handle(new AppEvent.Saved(), state.now());
    app.handle(new AppEvent.Accepted(), state.now());
    startAttempt(app);
  }

  /** An application as this RM run makes them (its containers numbered in this run's epoch). */
  RmApp newApp(ApplicationSubmission submission, Instant submitTime) {
    return state.newApp(submission, submitTime, state.settings.trackingUrlBase() + submission.id() + "/");
  }

  void startAttempt(RmApp app) {
    RmAttempt attempt = app.newAttempt(state.now());
    attempt.handle(new AttemptEvent.Start(), state.now());
    if (app.submission().unmanagedAm()) {
      launchedUnmanaged(app, attempt);
      return;
    }
    attempt.handle(new AttemptEvent.Scheduled(), state.now());
    askForAm(app, attempt);
  }

  /**
   * An unmanaged AM's attempt needs no container: it is ready at once, and its owner fetches its AMRM token
   * with the application's report. The AM liveness expiry counts from now, so an AM that never comes fails it.
   */
  private void launchedUnmanaged(RmApp app, RmAttempt attempt) {
    attempt.handle(new AttemptEvent.UnmanagedLaunched(), state.now());
    // Number 000001 stays unused, as if the AM held it: Weft's log tools (weft logs -am, live logs) take an
    // attempt's 000001 to be its AM container, and must not show a task container as the AM's.
    attempt.nextContainerId();
    attempt.heardFromAm(state.now());
    app.launched(state.now());
    store.attempt(attempt);
    LOG.info("{}: unmanaged AM, no AM container; waiting for its client to register it", attempt.id());
  }

  /**
   * Unmanaged AMs not heard from within the AM liveness expiry have gone (their client died or hung): their
   * attempts fail, as YARN's AMLivelinessMonitor fails them. A managed AM is watched through its container.
   */
  void expireSilentUnmanagedAms() {
    java.time.Duration expiry = state.settings.amLivenessExpiry();
    Instant cutoff = state.now().minus(expiry);
    for (RmApp app : List.copyOf(state.activeApps())) {
      RmAttempt attempt = app.currentAttempt().orElse(null);
      if (!app.submission().unmanagedAm() || attempt == null
          || (attempt.state() != AttemptState.LAUNCHED && attempt.state() != AttemptState.RUNNING)
          || attempt.lastHeardFromAmOrNull() == null || !attempt.lastHeardFromAmOrNull().isBefore(cutoff)) {
        continue;
      }
      String diagnostics = "unmanaged AM of " + attempt.id() + " has not called the ResourceManager since "
          + attempt.lastHeardFromAmOrNull() + ", longer than " + expiry.toMillis()
          + " ms (weft.resourcemanager.am.liveness-monitor.expiry-interval-ms): its client stopped or hung";
      LOG.info("{}: {}", attempt.id(), diagnostics);
      attempt.diagnostics(diagnostics);
      attempt.handle(new AttemptEvent.Expired(), state.now());
      store.attempt(attempt);
      attemptFailed(app, attempt, diagnostics);
    }
  }

  /**
   * Puts the AM container's ask of a SCHEDULED attempt before the scheduler, in the partition fixed at submission.
   * When that label has since gone from the cluster or from the queue's accessible labels, no AM could ever be
   * placed: the application is killed naming the label, rather than left waiting.
   */
  void askForAm(RmApp app, RmAttempt attempt) {
    String label = app.submission().amNodeLabelExpression();
    String partition;
    try {
      partition = label.isEmpty() ? "" : labelling.partitionFor(label, state.queues.leaf(app.queue()));
    } catch (WeftException e) {
      LOG.warn("{}: its AM container cannot be placed: {}", attempt.id(), e.getMessage());
      kill(app, "its AM container cannot be placed: " + e.getMessage());
      return;
    }
    AskKey am = new AskKey(AM_PRIORITY, app.submission().amResource(), 0);
    String where = app.submission().amResourceName();
    // a named host or rack is waited for as an executor's ask waits (delay scheduling from now), then anywhere
    attempt.asks().update(am, 1, true, true, Gang.NONE, false, where.isEmpty() ? Instant.EPOCH : state.now(),
        partition);
    if (!where.isEmpty()) {
      attempt.asks().locate(am, where, true);
    }
    requestSchedule.run();
  }

  /** {@code id} was dropped from memory (too many ended applications): drop it from the store too. */
  void forget(ApplicationId id) {
    LOG.debug("{} forgotten: more than {} ended applications", id, state.settings.maxCompletedApplications());
    store.removed(id);
  }

  /** An attempt changed in a way a restarted RM must know: save it. */
  void attemptChanged(RmAttempt attempt) {
    store.attempt(attempt);
  }

  /** The scheduler placed an attempt's AM container: launch it on its node. */
  void amPlaced(RmApp app, RmAttempt attempt, RmContainer container) {
    attempt.handle(new AttemptEvent.ContainerAllocated(), state.now());
    attempt.amContainer(container.allocation());
    container.handle(new ContainerEvent.Acquired());
    store.attempt(attempt);
    AmLaunch launch = new AmLaunch(attempt.id(), container.allocation(), app.submission().amLaunchContext(),
        app.submitTime(), app.submission().maxAttempts());
    nodeClient.launchAm(launch).whenCompleteAsync((v, error) -> launchAnswered(app, attempt, container, error), loop);
  }

  private void launchAnswered(RmApp app, RmAttempt attempt, RmContainer container, Throwable error) {
    if (error == null) {
      attempt.handle(new AttemptEvent.Launched(), state.now());
      app.launched(state.now());
      return;
    }
    if (attempt.state().isFinal() || attempt.state() == AttemptState.RUNNING) {
      return;
    }
    Throwable cause = error.getCause() != null && error instanceof java.util.concurrent.CompletionException
        ? error.getCause() : error;
    String diagnostics = "could not launch AM container " + container.id() + " on " + container.nodeId() + ": "
        + cause.getMessage();
    attempt.diagnostics(diagnostics);
    attempt.handle(new AttemptEvent.LaunchFailed(), state.now());
    store.attempt(attempt);
    state.stopContainers(List.of(container), new ContainerEvent.Killed(), ExitStatus.ABORTED, diagnostics);
    attemptFailed(app, attempt, diagnostics);
  }

  /** A container ended on its node (NM report or lost node); its resources are already back. */
  void containerCompleted(RmContainer container) {
    RmApp app = state.apps.get(container.id().applicationId());
    if (app == null) {
      return;
    }
    RmAttempt attempt = (container.isAmContainer() ? app.attempt(container.id().attemptId())
        : app.attemptResponsibleFor(container.id())).orElse(null);
    if (attempt == null) {
      return;
    }
    if (container.isAmContainer()) {
      amContainerExited(app, attempt, container);
    } else {
      attempt.offer(new CompletedContainer(container.id(), container.exitStatus(), container.diagnostics(),
          container.resource()));
    }
    requestSchedule.run();
  }

  private void amContainerExited(RmApp app, RmAttempt attempt, RmContainer container) {
    if (attempt.state() == AttemptState.FINISHING) {
      attempt.handle(new AttemptEvent.AmContainerExited(), state.now());
      store.attempt(attempt);
      if (app.state() == AppState.FINISHING) {
        app.handle(AppEvent.finished(app.finalStatus()), state.now());
        finalizeApp(app);
      }
      return;
    }
    if (attempt.state().isFinal()) {
      return;
    }
    String diagnostics = "AM container " + container.id() + " exited with code " + container.exitStatus()
        + (container.diagnostics().isBlank() ? "" : " (" + container.diagnostics().strip() + ")")
        + "; " + state.logHint(container);
    amLost(app, attempt, container.exitStatus(), diagnostics);
  }

  /**
   * The AM of {@code attempt} is gone (its container exited with {@code exitStatus}, or was never
   * found again): the attempt failed.
   */
  void amLost(RmApp app, RmAttempt attempt, int exitStatus, String diagnostics) {
    attempt.amExited(exitStatus);
    attempt.diagnostics(diagnostics);
    attempt.handle(new AttemptEvent.AmContainerExited(), state.now());
    store.attempt(attempt);
    attemptFailed(app, attempt, diagnostics);
  }

  /**
   * Starts the next attempt, or fails the application when none are left. The failed attempt's
   * containers are stopped, except, when the application keeps containers and another attempt
   * follows, those running (not merely granted) outside the AM: the next AM is handed them.
   */
  void attemptEnded(RmApp app, RmAttempt attempt, String diagnostics) {
    attemptFailed(app, attempt, diagnostics);
  }

  private void attemptFailed(RmApp app, RmAttempt attempt, String diagnostics) {
    int made = app.attempts().size();
    int failed = state.settings.attemptFailures().counted(app.attempts(), state.now());
    int max = app.submission().maxAttempts();
    // An unmanaged AM runs in its client, so the RM cannot start another one (YARN never retries them either).
    boolean retry = (app.state() == AppState.ACCEPTED || app.state() == AppState.RUNNING) && failed < max
        && !app.submission().unmanagedAm();
    boolean keep = retry && app.submission().keepContainersAcrossAttempts();
    List<RmContainer> toStop = state.liveContainersOf(app).stream()
        .filter(c -> !keep || c.isAmContainer() || c.state() != ContainerState.RUNNING).toList();
    state.stopContainers(toStop, new ContainerEvent.Killed(), ExitStatus.ABORTED,
        "Container of a failed attempt " + attempt.id());
    attempt.wake();
    if (app.state() != AppState.ACCEPTED && app.state() != AppState.RUNNING) {
      return;
    }
    if (retry) {
      if (keep) {
        LOG.info("{}: keeping {} running container(s) for the next attempt", attempt.id(),
            state.liveContainersOf(app).size());
      }
      LOG.info("{} failed ({}); starting attempt {} ({} of {} allowed failures counted{})", attempt.id(),
          diagnostics, made + 1, failed, max, attempt.failureCounts() ? "" : "; this one does not count");
      app.handle(new AppEvent.AttemptRetried(), state.now());
      startAttempt(app);
      return;
    }
    app.finalStatus(FinalStatus.FAILED, "application " + app.submission().id() + " failed " + failed
        + " time" + (failed == 1 ? "" : "s") + " (max attempts " + max + ")"
        + state.settings.attemptFailures().uncountedNote(app.attempts(), state.now()) + "; last attempt "
        + attempt.id() + ": " + diagnostics);
    app.handle(new AppEvent.AttemptsExhausted(), state.now());
    saveFinal(app, AppState.FAILED).thenRunAsync(() -> {
      app.handle(new AppEvent.FinalSavedFailed(), state.now());
      finalizeApp(app);
    }, loop);
  }

  /** The AM unregistered: save the outcome, stop its other containers, wait for its own to exit. */
  CompletableFuture<Void> finish(RmAttempt attempt, FinalStatus status, String diagnostics, String trackingUrl) {
    RmApp app = state.apps.get(attempt.id().applicationId());
    attempt.trackingUrl(trackingUrl);
    attempt.handle(app.submission().unmanagedAm() ? new AttemptEvent.UnmanagedUnregistered()
        : new AttemptEvent.Unregistered(), state.now());
    store.attempt(attempt);
    app.finalStatus(status, diagnostics);
    app.handle(new AppEvent.AttemptUnregistered(), state.now());
    AppState target = switch (status) {
      case FAILED -> AppState.FAILED;
      case KILLED -> AppState.KILLED;
      default -> AppState.FINISHED;
    };
    return saveFinal(app, target).thenRunAsync(() -> {
      app.handle(new AppEvent.FinalSavedFinishing(), state.now());
      List<RmContainer> others = state.liveContainersOf(app).stream().filter(c -> !c.isAmContainer()).toList();
      state.stopContainers(others, new ContainerEvent.Killed(), ExitStatus.KILLED_AFTER_APP_COMPLETION,
          "Container killed after the application completed");
      if (attempt.state().isFinal()) {
        app.handle(AppEvent.finished(app.finalStatus()), state.now());
        finalizeApp(app);
      }
    }, loop);
  }

  /**
   * Kills an application for {@code user} (its owner or an administrator of its queue); the
   * future completes when it is KILLED (or already final).
   */
  CompletableFuture<AppReport> kill(ApplicationId id, String diagnostics, String user) {
    RmApp app = state.app(id).orElseThrow(() -> WeftException.notFound("application " + id + " is not known"));
    state.queues.requireAdmin(app.queue(), user, app.submission().user(), "kill", id);
    return kill(app, diagnostics == null || diagnostics.isBlank() ? "application killed by user" : diagnostics);
  }

  /** Kills {@code app}, with {@code why} as its diagnostics; completes with the final report. */
  CompletableFuture<AppReport> kill(RmApp app, String why) {
    CompletableFuture<AppReport> done = new CompletableFuture<>();
    app.watch(report -> {
      if (report.state().isFinal()) {
        done.complete(report);
      }
    });
    if (app.state().isFinal()) {
      return done;
    }
    if (app.state() == AppState.FINISHING || app.state() == AppState.FINAL_SAVING) {
      app.handle(new AppEvent.Kill(), state.now());
      state.stopContainers(state.liveContainersOf(app), new ContainerEvent.Killed(),
          ExitStatus.KILLED_BY_RESOURCEMANAGER, why);
      return done;
    }
    app.finalStatus(FinalStatus.KILLED, why);
    app.handle(new AppEvent.Kill(), state.now());
    app.currentAttempt().filter(a -> !a.state().isFinal()).ifPresent(a -> {
      a.diagnostics(why);
      a.handle(new AttemptEvent.Kill(), state.now());
      store.attempt(a);
    });
    state.stopContainers(state.liveContainersOf(app), new ContainerEvent.Killed(),
        ExitStatus.KILLED_BY_RESOURCEMANAGER, "Container killed by the ResourceManager: " + why);
    saveFinal(app, AppState.KILLED).thenRunAsync(() -> {
      app.handle(new AppEvent.FinalSavedKilled(), state.now());
      finalizeApp(app);
    }, loop);
    requestSchedule.run();
    return done;
  }

  /**
   * Containers granted but not started within the expiry interval are taken back (YARN's
   * ContainerAllocationExpirer): their room returns to the node and their AM hears they completed
   * ABORTED. Their container tokens expire at the same moment, so no NM starts them afterwards.
   */
  void expireUnstartedContainers() {
    Instant cutoff = state.now().minus(state.settings.containerAllocationExpiry());
    // Only active applications hold live containers; the ended ones retained for reports are skipped.
    List<RmContainer> expired = state.activeApps().stream()
        .flatMap(app -> state.liveContainersOf(app).stream())
        .filter(c -> (c.state() == ContainerState.ALLOCATED || c.state() == ContainerState.ACQUIRED)
            && c.created().isBefore(cutoff))
        .toList();
    for (RmContainer container : expired) {
      String why = "Container expired since it was unused: not started within "
          + state.settings.containerAllocationExpiry().toMillis()
          + " ms (weft.resourcemanager.container-allocation.expiry-interval-ms)";
      LOG.info("{} on {}: {}", container.id(), container.nodeId(), why);
      state.stopContainers(List.of(container), new ContainerEvent.Expired(), ExitStatus.ABORTED, why);
      containerCompleted(container);
    }
  }

  /** Unregistered AMs whose container lingers past the timeout are stopped. */
  void checkFinishingTimeouts() {
    for (RmApp app : List.copyOf(state.activeApps())) {
      RmAttempt attempt = app.currentAttempt().orElse(null);
      if (app.state() != AppState.FINISHING || attempt == null || attempt.state() != AttemptState.FINISHING
          || attempt.finishingSince().plus(state.settings.finishingTimeout()).isAfter(state.now())) {
        continue;
      }
      LOG.info("{}: AM container did not exit within {} after unregistering; stopping it", attempt.id(),
          state.settings.finishingTimeout());
      state.stopContainers(state.liveContainersOf(app), new ContainerEvent.Killed(),
          ExitStatus.KILLED_AFTER_APP_COMPLETION, "AM container did not exit after unregistering");
      attempt.handle(new AttemptEvent.FinishingTimedOut(), state.now());
      store.attempt(attempt);
      app.handle(AppEvent.finished(app.finalStatus()), state.now());
      finalizeApp(app);
    }
  }

  /**
   * Saves the final state; completes on the loop once it is durable. A save that fails is logged
   * and named in the application's diagnostics, and the application still ends (a restarted RM
   * will not know the outcome and may run it again; that is said, not hidden).
   */
  private CompletableFuture<Void> saveFinal(RmApp app, AppState target) {
    return store.ended(app, target).handleAsync((v, error) -> {
      if (error != null) {
        LOG.error("the state store could not save the final state {} of {}", target, app.submission().id(), error);
        app.diagnostics((app.diagnostics().isBlank() ? "" : app.diagnostics() + "; ")
            + "the final state was not saved, the state store failed: " + rootMessage(error));
      }
      return null;
    }, loop);
  }

  /** After a final state: nothing of the application may keep running anywhere. */
  private void finalizeApp(RmApp app) {
    state.stopContainers(state.liveContainersOf(app), new ContainerEvent.Killed(),
        ExitStatus.KILLED_AFTER_APP_COMPLETION, "Container killed after the application completed");
    app.attempts().forEach(a -> {
      a.asks().clear();
      a.wake();
    });
    app.waitingReason("");
    app.nodesUsed().stream().mapToObj(state::nodeNumbered).filter(Objects::nonNull)
        .forEach(node -> node.cleanupApplication(app.submission().id()));
    LOG.info("{} ended {} with final status {}{}", app.submission().id(), app.state(), app.finalStatus(),
        app.diagnostics().isBlank() ? "" : ": " + app.diagnostics());
    state.applicationEnded(app).forEach(this::forget);
    requestSchedule.run();
  }
}
