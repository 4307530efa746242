package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.rm.app.AppEvent;
import io.weft.rm.app.AppState;
import io.weft.rm.app.AttemptEvent;
import io.weft.rm.app.AttemptState;
import io.weft.rm.app.FinalStatus;
import io.weft.rm.app.RmApp;
import io.weft.rm.app.RmAttempt;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.CompletedContainer;
import io.weft.rm.container.ContainerEvent;
import io.weft.common.launch.ExitStatus;
import io.weft.rm.container.ContainerState;
import io.weft.rm.container.RmContainer;
import io.weft.rm.scheduler.AskKey;
import io.weft.rm.scheduler.Gang;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The ApplicationMaster protocol on the core loop: register, allocate, finish. */
final class AmProtocol {
  private static final Logger LOG = LogManager.getLogger();
  private final ClusterState state;
  private final NodeLabelling labelling;
  private final Applications applications;
  private final Runnable requestPass;
  /** Answers to this batch's calls that changed asks, releases or the blacklist: built after its pass. */
  private final List<Runnable> afterPass = new ArrayList<>();

  /**
   * {@code requestPass} asks for the scheduling pass at the end of the batch; the calls that need it
   * are answered by {@link #answerAfterPass}, so many calls arriving together share one pass.
   */
  AmProtocol(ClusterState state, Applications applications, NodeLabelling labelling, Runnable requestPass) {
    this.state = requireNonNull(state);
    this.labelling = requireNonNull(labelling);
    this.applications = requireNonNull(applications);
    this.requestPass = requireNonNull(requestPass);
  }

  /** Builds the answers that waited for this batch's pass; call after it ran. */
  void answerAfterPass() {
    List<Runnable> due = List.copyOf(afterPass);
    afterPass.clear();
    due.forEach(Runnable::run);
  }

  Registration register(ApplicationAttemptId id, String host, int rpcPort, String trackingUrl) {
    RmApp app = app(id);
    RmAttempt attempt = attempt(app, id);
    attempt.heardFromAm(state.now());
    if (attempt.state() == AttemptState.RUNNING) {
      return registration(app, attempt);
    }
    if (!isCurrent(app, attempt) || (attempt.state() != AttemptState.ALLOCATED
        && attempt.state() != AttemptState.LAUNCHED)) {
      throw WeftException.failedPrecondition("attempt " + id + " cannot register: it is " + attempt.state()
          + " and application " + app.submission().id() + " is " + app.state());
    }
    attempt.registered(host, rpcPort, trackingUrl);
    state.allocateAnswers.forget(id);
    attempt.handle(new AttemptEvent.Registered(), state.now());
    // An AM that registers is running, whether or not its NM has said so yet (nor may its container expire).
    RmContainer amContainer = attempt.amContainer() == null ? null
        : state.containers.get(attempt.amContainer().containerId());
    if (amContainer != null) {
      amContainer.handle(new ContainerEvent.Started());
    }
    if (app.state() == AppState.ACCEPTED) {
      app.handle(new AppEvent.AttemptRegistered(), state.now());
    }
    applications.attemptChanged(attempt);
    return registration(app, attempt);
  }

  /** Containers an earlier attempt was granted that are still live were kept for this one. */
  private Registration registration(RmApp app, RmAttempt attempt) {
    List<Allocation> previous = state.liveContainersOf(app).stream()
        .filter(c -> !c.isAmContainer() && !c.id().attemptId().equals(attempt.id()))
        .map(RmContainer::allocation).toList();
    return new Registration(state.maximumAllocation(), previous);
  }

  /**
   * Applies a new call's asks and releases and answers what is new; a repeat of the last call gets
   * the last answer again (see {@link AllocateAnswers}). With {@code mayWait} and nothing new, the
   * answer is left open for {@link #build} (a long poll). A call that changed what the scheduler
   * sees is answered after the batch's pass.
   */
  CompletableFuture<AllocateOutcome> allocate(AllocateCall call, boolean mayWait) {
    RmApp app = app(call.attemptId());
    RmAttempt attempt = attempt(app, call.attemptId());
    attempt.heardFromAm(state.now());
    if (!isCurrent(app, attempt) || attempt.state().isFinal() || app.state().isFinal()) {
      return CompletableFuture.completedFuture(
          new AllocateOutcome.Ready(result(app, attempt, AllocateResult.AmCommand.SHUTDOWN, 0)));
    }
    if (attempt.awaitingResync()) {
      // The RM restarted since this AM registered: it registers again and re-sends its whole ask.
      return CompletableFuture.completedFuture(new AllocateOutcome.Ready(new AllocateResult(0, List.of(), List.of(),
          state.available(), state.activeNodeCount(), "", AllocateResult.AmCommand.RESYNC, List.of(),
          state.schedulerSettings.preemptionGrace(), List.of())));
    }
    if (attempt.state() != AttemptState.RUNNING && attempt.state() != AttemptState.FINISHING) {
      throw WeftException.failedPrecondition("attempt " + attempt.id() + " has not registered (it is "
          + attempt.state() + "); call RegisterApplicationMaster first");
    }
    var repeated = state.allocateAnswers.repeatedBy(attempt.id(), call.responseId());
    if (repeated.isPresent()) {
      return CompletableFuture.completedFuture(answer(app, attempt, repeated.get(), mayWait));
    }
    List<AskKey> keys = validateAsks(call.asks());
    List<String> partitions = partitions(app, call.asks());
    for (int i = 0; i < keys.size(); i++) {
      AllocateCall.Ask ask = call.asks().get(i);
      if (ask.resourceName().equals("*")) {
        // The AM counted without the containers allocated since its last answer (they go out in this one):
        // asking for them again would allocate twice as many (YARN-1902's race).
        int outstanding = Math.max(0, ask.count() - attempt.unpulledAllocations(keys.get(i)));
        attempt.asks().update(keys.get(i), outstanding, false, ask.relaxLocality(),
            new Gang(ask.gangMinCount(), Duration.ofMillis(ask.gangTimeoutMs())), ask.antiAffinity(), state.now(),
            partitions.get(i));
      } else {
        attempt.asks().locate(keys.get(i), ask.resourceName(), ask.count() > 0);
      }
    }
    release(app, attempt, call.releases());
    boolean blacklistChanged = attempt.blacklist(call.blacklistAdditions(), call.blacklistRemovals());
    if (blacklistChanged) {
      LOG.info("{}: nodes excluded by the AM now {}", attempt.id(), attempt.blacklist());
    }
    app.progress(call.progress(), state.now());
    attempt.trackingUrl(call.trackingUrl());
    AllocateAnswers.Answer answer = state.allocateAnswers.open(attempt.id());
    if (keys.isEmpty() && call.releases().isEmpty() && !blacklistChanged) {
      return CompletableFuture.completedFuture(answer(app, attempt, answer, mayWait && !attempt.hasNews()));
    }
    requestPass.run();
    CompletableFuture<AllocateOutcome> outcome = new CompletableFuture<>();
    afterPass.add(() -> {
      try {
        outcome.complete(answer(app, attempt, answer, mayWait && !attempt.hasNews()));
      } catch (RuntimeException e) {
        outcome.completeExceptionally(e);
      }
    });
    return outcome;
  }

  /** The answer built now, or, when it may wait, left open until news or the end of the wait. */
  private AllocateOutcome answer(RmApp app, RmAttempt attempt, AllocateAnswers.Answer answer, boolean mayWait) {
    if (!answer.isBuilt() && mayWait) {
      return new AllocateOutcome.Waiting(attempt.awaitNews(), answer);
    }
    build(app, attempt, answer);
    return new AllocateOutcome.Ready(answer.result().join());
  }

  /**
   * Builds an open answer from what is new for the attempt (a long poll woken by news or at the end
   * of its wait); an answer built already is left as it is.
   */
  void build(ApplicationAttemptId id, AllocateAnswers.Answer answer) {
    if (answer.isBuilt()) {
      return;
    }
    try {
      RmApp app = app(id);
      build(app, attempt(app, id), answer);
    } catch (WeftException e) {
      answer.result().completeExceptionally(e);
    }
  }

  private void build(RmApp app, RmAttempt attempt, AllocateAnswers.Answer answer) {
    if (answer.isBuilt()) {
      return;
    }
    boolean ended = !isCurrent(app, attempt) || attempt.state().isFinal() || app.state().isFinal();
    answer.result().complete(result(app, attempt,
        ended ? AllocateResult.AmCommand.SHUTDOWN : AllocateResult.AmCommand.NONE, answer.responseId()));
  }

  CompletableFuture<Void> finish(ApplicationAttemptId id, FinalStatus status, String diagnostics,
      String trackingUrl) {
    RmApp app = app(id);
    RmAttempt attempt = attempt(app, id);
    if (attempt.state() == AttemptState.FINISHING || attempt.state() == AttemptState.FINISHED) {
      return CompletableFuture.completedFuture(null);
    }
    if (attempt.awaitingResync() && isCurrent(app, attempt)) {
      // An AM that unregisters across an RM restart was registered before it: take that as its registration.
      register(id, attempt.host(), attempt.rpcPort(), attempt.trackingUrl());
    }
    if (attempt.state() != AttemptState.RUNNING || !isCurrent(app, attempt)) {
      throw WeftException.failedPrecondition("attempt " + id + " cannot unregister: it is " + attempt.state()
          + " and application " + app.submission().id() + " is " + app.state());
    }
    return applications.finish(attempt, status, diagnostics, trackingUrl);
  }

  /**
   * The partition of each {@code *} ask that wants containers (its label expression, else the application's, else
   * the queue's default), checked before any ask is applied so a refused label leaves the call without effect.
   */
  private List<String> partitions(RmApp app, List<AllocateCall.Ask> asks) {
    List<String> out = new ArrayList<>(asks.size());
    io.weft.rm.queue.QueueSpec queue = null;
    for (AllocateCall.Ask ask : asks) {
      if (!ask.resourceName().equals("*") || ask.count() == 0) {
        out.add("");
        continue;
      }
      if (queue == null) {
        queue = state.queues.leaf(app.queue());
      }
      out.add(labelling.partitionFor(ask.nodeLabelExpression().isBlank() ? app.submission().nodeLabelExpression()
          : ask.nodeLabelExpression(), queue));
    }
    return out;
  }

  /**
   * Normalizes each ask up to the minimum allocation; refuses any above the maximum, and gang
   * options that cannot be met.
   */
  private List<AskKey> validateAsks(List<AllocateCall.Ask> asks) {
    List<AskKey> keys = new ArrayList<>();
    for (AllocateCall.Ask ask : asks) {
      if (ask.count() < 0) {
        throw WeftException.invalidArgument("ask for " + ask.count() + " containers at priority " + ask.priority()
            + " must not be negative");
      }
      if (ask.gangMinCount() < 0 || ask.gangTimeoutMs() < 0) {
        throw WeftException.invalidArgument("gang_min_count " + ask.gangMinCount() + " and gang_timeout_ms "
            + ask.gangTimeoutMs() + " at priority " + ask.priority() + " must not be negative");
      }
      if (ask.gangMinCount() > ask.count() && ask.count() > 0) {
        throw WeftException.invalidArgument("gang_min_count " + ask.gangMinCount() + " at priority "
            + ask.priority() + " exceeds num_containers " + ask.count() + "; a gang cannot be larger than its ask");
      }
      Resource raw = ask.capability();
      if (raw.memoryMb() < 0 || raw.vcores() < 0) {
        throw WeftException.invalidArgument("container ask " + raw + " must not be negative");
      }
      state.settings.resourceTypes().requireKnown("container ask at priority " + ask.priority(), raw);
      // the nodes are scanned for each type's largest count only when the ask names a type
      Resource maximum = raw.others().isEmpty() ? state.settings.maximumAllocation() : state.maximumAllocation();
      if (raw.memoryMb() > 0 && raw.vcores() > 0) {
        raw.requireValidRequest("container", maximum);
      }
      Resource normalized = raw.normalizeUp(state.settings.minimumAllocation());
      normalized.requireValidRequest("container (normalized to the minimum allocation)", maximum);
      keys.add(new AskKey(ask.priority(), normalized, ask.allocationRequestId()));
    }
    return keys;
  }

  private void release(RmApp app, RmAttempt attempt, List<ContainerId> releases) {
    List<RmContainer> released = new ArrayList<>();
    List<RmContainer> toStop = new ArrayList<>();
    List<RmContainer> unreported = new ArrayList<>();
    for (ContainerId id : releases) {
      if (!id.applicationId().equals(app.submission().id())) {
        throw WeftException.notFound("container " + id + " does not belong to application " + app.submission().id());
      }
      RmContainer container = state.containers.get(id);
      if (container == null) {
        // ended and forgotten (ClusterState.ENDED_CONTAINERS_KEPT), or never granted: YARN ignores it too
        LOG.debug("{} releases {}, which the RM does not know (ended long ago, or never granted)", attempt.id(), id);
        continue;
      }
      if (container.isAmContainer()) {
        throw WeftException.invalidArgument("container " + id + " is the AM's own container and cannot be released");
      }
      if (!container.state().isFinal()) {
        released.add(container);
        (container.state() == ContainerState.RUNNING ? toStop : unreported).add(container);
      }
    }
    String diagnostics = "Container released by the application";
    state.stopContainers(toStop, new ContainerEvent.Released(), ExitStatus.KILLED_BY_APPMASTER, diagnostics);
    state.endAtNextHeartbeat(unreported, new ContainerEvent.Released(), ExitStatus.KILLED_BY_APPMASTER, diagnostics);
    for (RmContainer c : released) {
      attempt.offer(new CompletedContainer(c.id(), ExitStatus.KILLED_BY_APPMASTER, c.diagnostics(), c.resource()));
    }
  }

  /** Drains what the AM has not seen yet into an answer; allocated containers become ACQUIRED. */
  private AllocateResult result(RmApp app, RmAttempt attempt, AllocateResult.AmCommand command, int responseId) {
    List<Allocation> allocated = attempt.pullAllocations();
    for (Allocation a : allocated) {
      RmContainer container = state.containers.get(a.containerId());
      if (container != null) {
        container.handle(new ContainerEvent.Acquired());
      }
    }
    List<CompletedContainer> completed = attempt.pullCompletions();
    return new AllocateResult(responseId, allocated, completed, state.available(),
        state.activeNodeCount(), app.report().waitingReason(), command, state.preemptionsOf(app.submission().id()),
        state.schedulerSettings.preemptionGrace(), attempt.pullRejections(),
        state.pullNodeUpdates(app.submission().id()));
  }

  private static boolean isCurrent(RmApp app, RmAttempt attempt) {
    return app.currentAttempt().map(a -> a.id().equals(attempt.id())).orElse(false);
  }

  private RmApp app(ApplicationAttemptId id) {
    return state.app(id.applicationId())
        .orElseThrow(() -> WeftException.notFound("application " + id.applicationId() + " is not known"));
  }

  private static RmAttempt attempt(RmApp app, ApplicationAttemptId id) {
    return app.attempt(id).orElseThrow(() -> WeftException.notFound("attempt " + id + " is not known"));
  }
}
