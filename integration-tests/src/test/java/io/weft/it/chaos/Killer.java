package io.weft.it.chaos;

import io.weft.it.recovery.Jobs;
import io.weft.it.recovery.ProcessCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Kills on the plan's schedule, one thread, one kill at a time: a kind drawn by weight (executors
 * most, the RM least), then one of the eligible processes of that kind (another kind when there is
 * none). A killed NM or RM is started again after a downtime drawn from the seed; an NM down longer
 * than the liveness interval comes back to find its node LOST. At most one daemon is down at a time.
 */
final class Killer {
  private static final List<Kill.Kind> BY_WEIGHT = List.of(Kill.Kind.EXECUTOR, Kill.Kind.EXECUTOR,
      Kill.Kind.EXECUTOR, Kill.Kind.AM, Kill.Kind.AM, Kill.Kind.NODE_MANAGER, Kill.Kind.NODE_MANAGER,
      Kill.Kind.RESOURCE_MANAGER);
  private static final Duration NM_DOWN_MAX = Duration.ofSeconds(16);
  private static final Duration RM_DOWN_MAX = Duration.ofSeconds(6);
  private static final Duration PROCESS_EXIT = Duration.ofSeconds(30);

  private final ProcessCluster cluster;
  private final ChaosPlan plan;
  private final Random random;
  private final Supplier<List<ChaosApplication>> inFlight;
  private final Consumer<String> log;
  private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "chaos-killer");
    t.setDaemon(true);
    return t;
  });
  private final List<Kill> kills = new CopyOnWriteArrayList<>();
  /** What went wrong with the cluster itself (a daemon that would not come back): the run fails with it. */
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private Instant runStart;
  private volatile boolean daemonDown;
  private volatile boolean stopped;

  Killer(ProcessCluster cluster, ChaosPlan plan, Supplier<List<ChaosApplication>> inFlight, Consumer<String> log) {
    this.cluster = cluster;
    this.plan = plan;
    this.random = new Random(plan.seed() ^ 0x9E3779B97F4A7C15L);
    this.inFlight = inFlight;
    this.log = log;
    // stop() restarts whatever is down itself; a kill or restart still waiting is dropped
    thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  void start(Instant runStart) {
    this.runStart = runStart;
    schedule(this::killOne, plan.firstKill());
  }

  List<Kill> kills() {
    return List.copyOf(kills);
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /** No more kills; returns once every daemon killed is running again. */
  void stop() {
    stopped = true;
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.MINUTES)) {
        problems.add("the killer thread did not finish within 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!cluster.rmAlive()) {
      cluster.startRm();
    }
    for (int i = 0; i < cluster.nodeManagers(); i++) {
      if (!cluster.nmAlive(i)) {
        cluster.startNm(i);
      }
    }
  }

  private void schedule(Runnable task, Duration after) {
    if (stopped) {
      return;
    }
    try {
      thread.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException | AssertionError e) {
          problems.add(e.toString());
          log.accept("killer: " + e);
        }
      }, after.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // stopped meanwhile
    }
  }

  private void killOne() {
    if (kills.size() >= plan.kills() || stopped) {
      return;
    }
    Kill.Kind drawn = BY_WEIGHT.get(random.nextInt(BY_WEIGHT.size()));
    List<Kill.Kind> order = new ArrayList<>(List.of(Kill.Kind.values()));
    order.remove(drawn);
    order.add(0, drawn);
    Optional<Kill> kill = Optional.empty();
    for (Kill.Kind kind : order) {
      kill = tryKill(kind);
      if (kill.isPresent()) {
        break;
      }
    }
    kill.ifPresent(k -> {
      kills.add(k);
      log.accept(k.toString());
    });
    long gap = plan.minGap().toMillis() + (long) (random.nextDouble() * (plan.maxGap().toMillis() - plan.minGap().toMillis()));
    // nothing to kill yet: look again soon rather than a whole gap later
    schedule(this::killOne, kill.isPresent() ? Duration.ofMillis(gap) : Duration.ofSeconds(2));
  }

  private Optional<Kill> tryKill(Kill.Kind kind) {
    List<ChaosApplication> apps = inFlight.get();
    if (apps.stream().noneMatch(a -> a.id().isPresent())) {
      return Optional.empty();
    }
    return switch (kind) {
      case EXECUTOR -> killContainer(kind, apps, (app, container) -> app.kind.hasExecutors && !Jobs.isAmContainer(container));
      case AM -> killContainer(kind, apps, (app, container) -> Jobs.isAmContainer(container));
      case NODE_MANAGER -> killNodeManager(apps);
      case RESOURCE_MANAGER -> killResourceManager(apps);
    };
  }

  private Optional<Kill> killContainer(Kill.Kind kind, List<ChaosApplication> apps,
      java.util.function.BiPredicate<ChaosApplication, String> eligible) {
    List<Map.Entry<String, Set<Long>>> candidates = new ArrayList<>();
    List<ChaosApplication> owners = new ArrayList<>();
    for (Map.Entry<String, Set<Long>> container : cluster.containerPids().entrySet()) {
      for (ChaosApplication app : apps) {
        if (app.owns(container.getKey()) && eligible.test(app, container.getKey())) {
          candidates.add(container);
          owners.add(app);
        }
      }
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    int pick = random.nextInt(candidates.size());
    String container = candidates.get(pick).getKey();
    Set<Long> pids = candidates.get(pick).getValue();
    Instant at = Instant.now();
    killPids(pids);
    return Optional.of(kill(at, kind, container + " (pids " + pids + ") of " + owners.get(pick), Set.of(container),
        Set.of(owners.get(pick).name)));
  }

  private Optional<Kill> killNodeManager(List<ChaosApplication> apps) {
    if (daemonDown || !cluster.rmAlive()) {
      return Optional.empty();
    }
    List<Integer> busy = new ArrayList<>();
    for (int i = 0; i < cluster.nodeManagers(); i++) {
      int node = i;
      if (cluster.nmAlive(i) && cluster.containerPids(i).keySet().stream().anyMatch(c -> owner(apps, c).isPresent())) {
        busy.add(node);
      }
    }
    if (busy.isEmpty()) {
      return Optional.empty();
    }
    int nm = busy.get(random.nextInt(busy.size()));
    Duration down = Duration.ofMillis(500 + (long) (random.nextDouble() * NM_DOWN_MAX.toMillis()));
    Set<String> containers = cluster.containerPids(nm).keySet();
    Set<String> hit = new TreeSet<>();
    containers.forEach(c -> owner(apps, c).ifPresent(a -> hit.add(a.name)));
    Set<String> names = new TreeSet<>(containers);
    names.add(cluster.nodeId(nm));
    daemonDown = true;
    Instant at = Instant.now();
    cluster.killNm(nm);
    schedule(() -> {
      try {
        cluster.startNm(nm);
        log.accept("NM " + nm + " is back");
      } finally {
        daemonDown = false;
      }
    }, down);
    return Optional.of(kill(at, Kill.Kind.NODE_MANAGER, "NM " + nm + " (" + cluster.nodeId(nm) + ", containers " + containers
        + "), down " + down.toMillis() + " ms", names, hit));
  }

  private Optional<Kill> killResourceManager(List<ChaosApplication> apps) {
    if (daemonDown || !cluster.rmAlive()) {
      return Optional.empty();
    }
    Duration down = Duration.ofMillis(500 + (long) (random.nextDouble() * RM_DOWN_MAX.toMillis()));
    Set<String> hit = new TreeSet<>();
    apps.forEach(a -> hit.add(a.name));
    daemonDown = true;
    Instant at = Instant.now();
    cluster.killRm();
    schedule(() -> {
      try {
        cluster.startRm();
        log.accept("the RM is back");
      } finally {
        daemonDown = false;
      }
    }, down);
    return Optional.of(kill(at, Kill.Kind.RESOURCE_MANAGER, "RM (" + cluster.rmAddress() + "), down " + down.toMillis()
        + " ms", Set.of(cluster.rmAddress().toString()), hit));
  }

  private static Optional<ChaosApplication> owner(List<ChaosApplication> apps, String container) {
    return apps.stream().filter(a -> a.owns(container)).findFirst();
  }

  /** The record of a kill made just now; {@code at} is when its signal went out, not when the processes were gone. */
  private Kill kill(Instant at, Kill.Kind kind, String target, Set<String> names, Set<String> hit) {
    return new Kill(kills.size() + 1, Duration.between(runStart, at), kind, target, Set.copyOf(names),
        Collections.unmodifiableSet(new TreeSet<>(hit)));
  }

  /** kill -9 of every process of a container; returns once they are gone. */
  private static void killPids(Set<Long> pids) {
    List<ProcessHandle> handles = pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
    handles.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : handles) {
      p.onExit().orTimeout(PROCESS_EXIT.toSeconds(), TimeUnit.SECONDS).join();
    }
  }
}
