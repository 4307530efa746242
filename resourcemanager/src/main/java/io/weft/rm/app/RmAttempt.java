package io.weft.rm.app;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.CompletedContainer;
import io.weft.rm.scheduler.AskKey;
import io.weft.rm.scheduler.AskTable;
import io.weft.rm.scheduler.RejectedAsk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * One attempt of an application: its AM container, its outstanding asks, and what its AM has not
 * yet been told (new allocations, completions). Mutable; owned by the RM core loop.
 */
public final class RmAttempt {
  private final ApplicationAttemptId id;
  private final Instant startTime;
  private final AskTable asks;
  private final Runnable onChange;
  private final List<Allocation> unpulledAllocations = new ArrayList<>();
  private final List<CompletedContainer> unpulledCompletions = new ArrayList<>();
  private final List<RejectedAsk> unpulledRejections = new ArrayList<>();
  private final List<CompletableFuture<Void>> waiters = new ArrayList<>();
  /** Node ids or host names its AM excluded (YARN's blacklist). */
  private final Set<String> blacklist = new TreeSet<>();
  private AttemptState state = AttemptState.NEW;
  private Allocation amContainer;
  private String host = "";
  private int rpcPort;
  private String trackingUrl = "";
  private String diagnostics = "";
  private Instant finishTime;
  private Instant finishingSince;
  /** How the AM container ended ({@link ExitStatus#INVALID} while it runs, or when it never ran). */
  private int amExitStatus = ExitStatus.INVALID;
  private long nextContainerNumber;
  /** When its AM last called the RM (register, allocate, unregister), or its unmanaged attempt became ready. */
  private Instant lastHeardFromAm;
  /** Recovered after an RM restart and not registered again since: its AM is told to resync. */
  private boolean awaitingResync;

  public RmAttempt(ApplicationAttemptId id, Instant startTime) {
    this(id, startTime, ContainerId.firstNumber(0));
  }

  /** An attempt whose containers are numbered from {@code firstContainerNumber} (see {@link ContainerId#firstNumber}). */
  public RmAttempt(ApplicationAttemptId id, Instant startTime, long firstContainerNumber) {
    this(id, startTime, firstContainerNumber, () -> { });
  }

  /** With {@code onChange} told whenever what its report or its application's report shows may change. */
  public RmAttempt(ApplicationAttemptId id, Instant startTime, long firstContainerNumber, Runnable onChange) {
    this.onChange = requireNonNull(onChange);
    this.asks = new AskTable(onChange);
    this.id = requireNonNull(id);
    this.startTime = requireNonNull(startTime);
    this.nextContainerNumber = firstContainerNumber;
  }

  /**
   * Brings back what a state store kept of the attempt, after {@code event} (one of the Recover
   * events) set its state; {@code when} is its finish time when it had ended.
   */
  public void restore(AttemptEvent event, Instant when, Allocation amContainer, String host, int rpcPort,
      String trackingUrl, String diagnostics, int amExitStatus) {
    onChange.run();
    handle(event, when);
    this.amExitStatus = amExitStatus;
    this.amContainer = amContainer;
    this.host = host;
    this.rpcPort = rpcPort;
    this.trackingUrl = trackingUrl;
    this.diagnostics = diagnostics;
    this.awaitingResync = !state.isFinal();
  }

  /** Its AM called, or (unmanaged) may call from now on: the AM liveness expiry counts from {@code when}. */
  public void heardFromAm(Instant when) {
    this.lastHeardFromAm = requireNonNull(when);
  }

  /** When its AM was last heard from; null when never. */
  public Instant lastHeardFromAmOrNull() {
    return lastHeardFromAm;
  }

  public boolean awaitingResync() {
    return awaitingResync;
  }

  public AttemptState handle(AttemptEvent event, Instant now) {
    onChange.run();
    state = AttemptLifecycle.TABLE.next(id, state, event);
    if (state == AttemptState.FINISHING && finishingSince == null) {
      finishingSince = now;
    }
    if (state.isFinal() && finishTime == null) {
      finishTime = now;
      asks.clear();
      awaitingResync = false;
    }
    return state;
  }

  /** The next container id of this attempt; the first one (000001) is the AM's. */
  public ContainerId nextContainerId() {
    return new ContainerId(id, nextContainerNumber++);
  }

  public void registered(String host, int rpcPort, String trackingUrl) {
    onChange.run();
    awaitingResync = false;
    this.host = host == null ? "" : host;
    this.rpcPort = rpcPort;
    if (trackingUrl != null && !trackingUrl.isBlank()) {
      this.trackingUrl = trackingUrl;
    }
  }

  public void trackingUrl(String url) {
    onChange.run();
    if (url != null && !url.isBlank()) {
      this.trackingUrl = url;
    }
  }

  public void diagnostics(String text) {
    onChange.run();
    this.diagnostics = text == null ? "" : text;
  }

  /** The AM container ended with {@code exitStatus} (see {@link ExitStatus}). */
  public void amExited(int exitStatus) {
    onChange.run();
    this.amExitStatus = exitStatus;
  }

  public int amExitStatus() {
    return amExitStatus;
  }

  /**
   * Whether this attempt uses up one of the application's attempts: it failed, and not because the
   * cluster took its AM container away (YARN's RMAppAttempt#shouldCountTowardsMaxAttemptRetry).
   */
  public boolean failureCounts() {
    return state == AttemptState.FAILED && !ExitStatus.isClusterCaused(amExitStatus);
  }

  /** Adds then removes blacklist entries, as an Allocate call asks; true when the blacklist changed. */
  public boolean blacklist(List<String> additions, List<String> removals) {
    onChange.run();
    boolean changed = false;
    for (String node : additions) {
      changed |= !node.isBlank() && blacklist.add(node.strip());
    }
    for (String node : removals) {
      changed |= blacklist.remove(node.strip());
    }
    return changed;
  }

  public Set<String> blacklist() {
    return Collections.unmodifiableSet(blacklist);
  }

  public void amContainer(Allocation allocation) {
    onChange.run();
    this.amContainer = allocation;
  }

  /** A container was granted: the AM hears of it on its next allocate, and a long poll wakes. */
  public void offer(Allocation allocation) {
    unpulledAllocations.add(allocation);
    wake();
  }

  public void offer(CompletedContainer completion) {
    unpulledCompletions.add(completion);
    wake();
  }

  /** The RM withdrew an ask: the AM hears why on its next allocate. */
  public void offer(RejectedAsk rejection) {
    unpulledRejections.add(rejection);
    wake();
  }

  public boolean hasNews() {
    return !unpulledAllocations.isEmpty() || !unpulledCompletions.isEmpty() || !unpulledRejections.isEmpty();
  }

  public List<RejectedAsk> pullRejections() {
    List<RejectedAsk> out = List.copyOf(unpulledRejections);
    unpulledRejections.clear();
    return out;
  }

  /** How many containers of {@code key} were allocated since the AM's last answer: it has not seen them yet. */
  public int unpulledAllocations(AskKey key) {
    return (int) unpulledAllocations.stream().filter(a -> a.priority() == key.priority()
        && a.allocationRequestId() == key.allocationRequestId() && a.resource().equals(key.capability())).count();
  }

  public List<Allocation> pullAllocations() {
    List<Allocation> out = List.copyOf(unpulledAllocations);
    unpulledAllocations.clear();
    return out;
  }

  public List<CompletedContainer> pullCompletions() {
    List<CompletedContainer> out = List.copyOf(unpulledCompletions);
    unpulledCompletions.clear();
    return out;
  }

  /** A future completed at the next news for this attempt (or when it ends). */
  public CompletableFuture<Void> awaitNews() {
    waiters.removeIf(CompletableFuture::isDone);
    CompletableFuture<Void> waiter = new CompletableFuture<>();
    waiters.add(waiter);
    return waiter;
  }

  public void wake() {
    List<CompletableFuture<Void>> toWake = List.copyOf(waiters);
    waiters.clear();
    toWake.forEach(w -> w.complete(null));
  }

  public ApplicationAttemptId id() {
    return id;
  }

  public AttemptState state() {
    return state;
  }

  public AskTable asks() {
    return asks;
  }

  public Allocation amContainer() {
    return amContainer;
  }

  public Instant startTime() {
    return startTime;
  }

  public Instant finishTimeOrNull() {
    return finishTime;
  }

  public Instant finishingSince() {
    return finishingSince;
  }

  public String host() {
    return host;
  }

  public int rpcPort() {
    return rpcPort;
  }

  public String trackingUrl() {
    return trackingUrl;
  }

  public String diagnostics() {
    return diagnostics;
  }

  public AttemptReport report() {
    return new AttemptReport(id, state, amContainer == null ? null : amContainer.containerId(),
        amContainer == null ? null : amContainer.nodeId(), amContainer == null ? "" : amContainer.nodeHttpAddress(),
        host, rpcPort, trackingUrl, diagnostics, startTime, finishTime, List.copyOf(blacklist));
  }
}
