package io.weft.rm.app;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An application: its submission, lifecycle, attempts, live containers and watchers. Mutable;
 * owned by the RM core loop, which is the only thread that touches it.
 */
public final class RmApp {
  /** Replaced (never mutated) when its priority or lifetime is updated. */
  private ApplicationSubmission submission;
  private final Instant submitTime;
  private final String proxyTrackingUrl;
  private final List<RmAttempt> attempts = new ArrayList<>();
  private final Map<ContainerId, Resource> liveContainers = new LinkedHashMap<>();
  /** The numbers of the nodes its containers started on (the core numbers its nodes). */
  private final BitSet nodesUsed = new BitSet();
  private final List<Consumer<AppReport>> watchers = new ArrayList<>();
  private AppState state = AppState.NEW;
  /** What it shows clients while FINAL_SAVING (YARN's stateBeforeFinalSaving); null before that. */
  private AppState stateBeforeFinalSaving;
  private FinalStatus finalStatus = FinalStatus.UNDEFINED;
  private String diagnostics = "";
  private String waitingReason = "";
  private Instant launchTime;
  private Instant finishTime;
  private float progress;
  private static final java.time.Duration PROGRESS_PUSH_INTERVAL = java.time.Duration.ofSeconds(1);
  private float pushedProgress = -1;
  private int pushedContainers = -1;
  private Instant lastProgressPush;
  private String queue;
  private Resource holds = Resource.NONE;
  private ContainerUsage usage;

  /** The RM run (on its state store) granting this application's containers now. */
  private final int containerEpoch;
  /** Told of every change to what its report, its attempts' reports or its queue usage show. */
  private final Runnable onChange;

  public RmApp(ApplicationSubmission submission, Instant submitTime, String proxyTrackingUrl) {
    this(submission, submitTime, proxyTrackingUrl, 0);
  }

  /** An application whose attempts number the containers they are granted in {@code containerEpoch}. */
  public RmApp(ApplicationSubmission submission, Instant submitTime, String proxyTrackingUrl, int containerEpoch) {
    this(submission, submitTime, proxyTrackingUrl, containerEpoch, () -> { });
  }

  /**
   * With {@code onChange} told (on the core loop) whenever the application, one of its attempts or an
   * attempt's asks change: the core republishes its report and re-counts its queue usage from it.
   */
  public RmApp(ApplicationSubmission submission, Instant submitTime, String proxyTrackingUrl, int containerEpoch,
      Runnable onChange) {
    this.onChange = requireNonNull(onChange);
    this.containerEpoch = containerEpoch;
    this.submission = requireNonNull(submission);
    this.submitTime = requireNonNull(submitTime);
    this.proxyTrackingUrl = requireNonNull(proxyTrackingUrl);
    this.queue = submission.queue();
    this.usage = ContainerUsage.since(submitTime);
  }

  /**
   * Applies {@code event}, then tells the watchers when the state clients see changed, or it ended (they hear
   * no more after that). An application that is FINISHING shows FINISHED, so it has its finish time from then
   * on (YARN's, too, is from when its end is decided).
   */
  public AppState handle(AppEvent event, Instant now) {
    onChange.run();
    AppState previous = state;
    AppState previouslyShown = publicState();
    state = AppLifecycle.TABLE.next(submission.id(), state, event);
    if (state == AppState.FINAL_SAVING && previous != AppState.FINAL_SAVING) {
      stateBeforeFinalSaving = previous;
    }
    if ((state.isFinal() || state == AppState.FINISHING) && finishTime == null) {
      finishTime = now;
      waitingReason = "";
    }
    if (state != previous && (publicState() != previouslyShown || state.isFinal())) {
      notifyWatchers();
    }
    return state;
  }

  /** Adds a watcher that hears every report from now on; it is dropped after a final state. */
  public void watch(Consumer<AppReport> watcher) {
    watcher.accept(report());
    if (!state.isFinal()) {
      watchers.add(watcher);
    }
  }

  public void unwatch(Consumer<AppReport> watcher) {
    watchers.remove(watcher);
  }

  private void notifyWatchers() {
    AppReport report = report();
    List.copyOf(watchers).forEach(w -> w.accept(report));
    if (state.isFinal()) {
      watchers.clear();
    }
  }

  public RmAttempt newAttempt(Instant now) {
    int next = attempts.isEmpty() ? 1 : attempts.get(attempts.size() - 1).id().attempt() + 1;
    return addAttempt(new ApplicationAttemptId(submission.id(), next), now);
  }

  /** Adds attempt {@code id}, as a state store kept it, after those already added. */
  public RmAttempt addAttempt(ApplicationAttemptId id, Instant startTime) {
    onChange.run();
    RmAttempt attempt = new RmAttempt(id, startTime, ContainerId.firstNumber(containerEpoch), onChange);
    attempts.add(attempt);
    return attempt;
  }

  /** Container {@code id} holds {@code resource} on the node numbered {@code nodeNumber} from {@code created}. */
  public void containerStarted(ContainerId id, int nodeNumber, Resource resource, Instant created) {
    onChange.run();
    if (liveContainers.put(id, resource) == null) {
      holds = holds.add(resource);
      usage = usage.started(resource, created);
    }
    nodesUsed.set(nodeNumber);
  }

  /** Container {@code id}, live from {@code created}, ended at {@code finished}. */
  public void containerEnded(ContainerId id, Instant created, Instant finished, ContainerUsage.Preemption preemption) {
    onChange.run();
    Resource released = liveContainers.remove(id);
    if (released != null) {
      holds = holds.subtract(released);
      usage = usage.ended(released, created, finished, preemption);
    }
  }

  /** What its containers have held over time, kept as they start and end. */
  public ContainerUsage usage() {
    return usage;
  }

  public void launched(Instant when) {
    onChange.run();
    if (launchTime == null) {
      launchTime = when;
    }
  }

  public void finalStatus(FinalStatus status, String diagnostics) {
    onChange.run();
    this.finalStatus = requireNonNull(status);
    if (diagnostics != null && !diagnostics.isBlank()) {
      this.diagnostics = diagnostics;
    }
  }

  public void diagnostics(String text) {
    onChange.run();
    this.diagnostics = text == null ? "" : text;
  }

  /** Sets the scheduler's reason; true when it changed. */
  public boolean waitingReason(String reason) {
    String next = reason == null ? "" : reason;
    if (next.equals(waitingReason)) {
      return false;
    }
    waitingReason = next;
    onChange.run();
    return true;
  }

  public void progress(float value) {
    onChange.run();
    this.progress = Math.max(0, Math.min(1, value));
  }

  /**
   * The AM's progress with its heartbeat at {@code now}. Watchers hear a report when the progress
   * or the number of running containers changed since the last one pushed for that reason, at most
   * once a second: {@code weft submit} shows them without polling, and a busy AM does not flood them.
   */
  public void progress(float value, Instant now) {
    progress(value);
    boolean changed = progress != pushedProgress || liveContainers.size() != pushedContainers;
    if (changed && (lastProgressPush == null || !now.isBefore(lastProgressPush.plus(PROGRESS_PUSH_INTERVAL)))) {
      lastProgressPush = now;
      pushedProgress = progress;
      pushedContainers = liveContainers.size();
      if (!watchers.isEmpty()) {
        notifyWatchers();
      }
    }
  }

  public Optional<RmAttempt> currentAttempt() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
  }

  public Optional<RmAttempt> attempt(ApplicationAttemptId id) {
    // newest first, no stream: every placement of a pass looks its attempt up here
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (attempts.get(i).id().equals(id)) {
        return Optional.of(attempts.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * The attempt whose AM hears that non-AM container {@code id} completed: the one it was granted
   * to, or the current one when the application keeps containers across attempts (the container
   * may come from an earlier attempt that failed).
   */
  public Optional<RmAttempt> attemptResponsibleFor(ContainerId id) {
    return submission.keepContainersAcrossAttempts() ? currentAttempt() : attempt(id.attemptId());
  }

  public List<RmAttempt> attempts() {
    return List.copyOf(attempts);
  }

  public ApplicationSubmission submission() {
    return submission;
  }

  public AppState state() {
    return state;
  }

  public FinalStatus finalStatus() {
    return finalStatus;
  }

  public String diagnostics() {
    return diagnostics;
  }

  /** The leaf queue (short name) the application is in now; it changes on a move. */
  public String queue() {
    return queue;
  }

  /** When the RM kills it for exceeding its lifetime, or null when it has none. */
  public Instant lifetimeExpiry() {
    return submission.lifetime().isZero() ? null : submitTime.plus(submission.lifetime());
  }

  /** Serves it at {@code priority} from now on (the scheduler reads the submission's priority each cycle). */
  public void updatePriority(int priority) {
    onChange.run();
    submission = submission.withPriority(priority);
    notifyWatchers();
  }

  /** Kills it at {@code expiry} (its lifetime becomes the time from its submission to then). */
  public void updateLifetimeExpiry(Instant expiry) {
    onChange.run();
    submission = submission.withLifetime(java.time.Duration.between(submitTime, expiry));
    notifyWatchers();
  }

  public void moveTo(String leafQueue) {
    onChange.run();
    this.queue = requireNonNull(leafQueue);
    notifyWatchers();
  }

  /** When its first AM container was launched, or null while it is pending. */
  public Instant launchTimeOrNull() {
    return launchTime;
  }

  /** What its live containers hold, kept as they start and end. */
  public Resource holds() {
    return holds;
  }

  /** What the live AM container of the current attempt holds, or nothing. */
  public Resource amHolds() {
    RmAttempt attempt = currentAttempt().orElse(null);
    if (attempt == null || attempt.amContainer() == null) {
      return Resource.NONE;
    }
    Resource r = liveContainers.get(attempt.amContainer().containerId());
    return r == null ? Resource.NONE : r;
  }

  /** How many containers it holds now, its AM's included. */
  public int liveContainerCount() {
    return liveContainers.size();
  }

  public Set<ContainerId> liveContainers() {
    return Set.copyOf(liveContainers.keySet());
  }

  /** The numbers of the nodes its containers started on. */
  public BitSet nodesUsed() {
    return (BitSet) nodesUsed.clone();
  }

  public Instant submitTime() {
    return submitTime;
  }

  /**
   * The state clients see, mapped as YARN's RMAppImpl does: FINAL_SAVING shows the state it left (the
   * application is still that until its end is saved), FINISHING the state it is ending in (its AM said it is
   * done, and how). YARN's FINISHING always ends FINISHED; Weft's ends FAILED or KILLED when the AM said so, and a
   * client must never see a final state change, so FINISHING shows that end.
   */
  public AppState publicState() {
    return switch (state) {
      case FINAL_SAVING -> stateBeforeFinalSaving != null ? stateBeforeFinalSaving
          : launchTime != null ? AppState.RUNNING : AppState.ACCEPTED;
      case FINISHING -> finalStatus.endState();
      default -> state;
    };
  }

  /**
   * The proxy while it may still answer; once killed or failed YARN points at the RM's page of the
   * application instead ({@code /cluster/app/{id}} beside {@code /proxy/{id}/}), as its AM is gone.
   */
  private String trackingUrl(AppState shown) {
    int proxy = proxyTrackingUrl.indexOf("/proxy/");
    if ((shown == AppState.KILLED || shown == AppState.FAILED) && proxy >= 0) {
      return proxyTrackingUrl.substring(0, proxy) + "/cluster/app/" + submission.id();
    }
    return proxyTrackingUrl;
  }

  public AppReport report() {
    AppState shown = publicState();
    RmAttempt attempt = currentAttempt().orElse(null);
    Resource used = holds;
    String diag = diagnostics.isEmpty() && !waitingReason.isEmpty() ? "waiting: " + waitingReason : diagnostics;
    return new AppReport(submission.id(), attempt == null ? null : attempt.id(), submission.user(),
        queue, submission.name(), submission.type(), submission.tags(), submission.priority(),
        attempt == null ? "" : attempt.host(), attempt == null ? 0 : attempt.rpcPort(), state, finalStatus, diag,
        trackingUrl(shown), attempt == null ? "" : attempt.trackingUrl(), submitTime, launchTime, finishTime,
        shown.isFinal() ? 1f : progress, liveContainers.size(), used,
        attempt == null ? Resource.NONE : attempt.asks().needed(),
        attempt == null || attempt.amContainer() == null ? null : attempt.amContainer().containerId(),
        attempt == null || attempt.amContainer() == null ? null : attempt.amContainer().nodeId(), waitingReason,
        lifetimeExpiry(), shown, submission.unmanagedAm(), amrmTokenIssuable(attempt),
        submission.amNodeLabelExpression(), submission.nodeLabelExpression());
  }

  /** Whether its unmanaged AM may be handed {@code attempt}'s AMRM token now: the attempt is ready or registered. */
  private boolean amrmTokenIssuable(RmAttempt attempt) {
    return submission.unmanagedAm() && attempt != null && !state.isFinal()
        && (attempt.state() == AttemptState.LAUNCHED || attempt.state() == AttemptState.RUNNING);
  }
}
