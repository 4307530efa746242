package io.weft.bench;

import io.weft.bench.yarn.ResultLines;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.container.Allocation;
import io.weft.rm.core.AllocateCall;
import io.weft.rm.core.AllocateResult;
import io.weft.rm.core.AmLaunch;
import io.weft.rm.core.NodeClient;
import io.weft.rm.core.NodeRegistration;
import io.weft.rm.core.RmCore;
import io.weft.rm.core.RmSettings;
import io.weft.rm.queue.QueueConfigParser;
import io.weft.rm.scheduler.CapacityScheduler;
import io.weft.rm.scheduler.PlacementPolicy;
import io.weft.rm.store.InMemoryStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Benchmark 1, scheduler throughput in-process (no RPC): the real RM core (event loop, cluster
 * state, queues, scheduling passes, allocation bookkeeping) with N simulated nodes of 64 GB / 32
 * vcores, 100 applications in 4 queues asking for 1 GB / 1 vcore containers until the cluster is
 * full, then a steady state where every application releases a tenth of its containers and asks
 * for them again, first with the AMs calling one after the other and then with all of them calling at once.
 * Prints allocations/s and the cost per allocation for each N and each way.
 *
 * <p>Usage: {@code SchedulerThroughput [nodes,nodes,...] [steady-rounds] [--warm-up=S]} (default 1000,10000,50000,
 * 5 and 0): with a warm-up, S seconds of unmeasured rounds come between the fill and the measured ones.
 * Besides the prose lines it prints result lines ({@code sched.weft.nodes<N>.fill_allocations_per_s: …}) for
 * {@code bin/bench-vs-yarn.sh}.
 */
public final class SchedulerThroughput {
  private static final int APPS = 100;
  private static final Resource CONTAINER = Resource.of(1024, 1);
  private static final String WARM_UP = "--warm-up=";

  private SchedulerThroughput() {}

  public static void main(String[] argv) {
    int warmUpSeconds = BenchArgs.intFlag(argv, WARM_UP, 0);
    if (warmUpSeconds < 0) {
      throw new IllegalArgumentException(WARM_UP + warmUpSeconds + ": the seconds of unmeasured rounds cannot be "
          + "negative");
    }
    String[] args = BenchArgs.positional(argv);
    String sizes = args.length > 0 ? args[0] : "1000,10000,50000";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.out.printf("machine: %d cores, java %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    for (String n : sizes.split(",")) {
      run(Integer.parseInt(n.strip()), rounds, warmUpSeconds);
      System.gc();
    }
  }

  static RmCore core() {
    RmSettings settings = new RmSettings(Resource.of(1024, 1), Resource.of(65536, 32), 1, Duration.ofSeconds(1),
        Duration.ofHours(1), Duration.ofSeconds(10), Duration.ZERO, "http://rm/proxy/");
    Map<String, String> queues = Map.of(
        QueueConfigParser.PREFIX + "root.queues", "q0,q1,q2,q3",
        QueueConfigParser.PREFIX + "root.q0.capacity", "25", QueueConfigParser.PREFIX + "root.q1.capacity", "25",
        QueueConfigParser.PREFIX + "root.q2.capacity", "25", QueueConfigParser.PREFIX + "root.q3.capacity", "25",
        QueueConfigParser.PREFIX + "root.q0.user-limit-factor", "4",
        QueueConfigParser.PREFIX + "root.q1.user-limit-factor", "4",
        QueueConfigParser.PREFIX + "root.q2.user-limit-factor", "4",
        QueueConfigParser.PREFIX + "root.q3.user-limit-factor", "4");
    return new RmCore(settings, Clock.systemUTC(), new InMemoryStateStore(), new NoNodes(),
        new CapacityScheduler(PlacementPolicy.SPREAD), QueueConfigParser.parse(queues), 1_700_000_000_000L);
  }

  private static void run(int nodes, int rounds, int warmUpSeconds) {
    try (RmCore core = core()) {
      List<CompletableFuture<?>> registered = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        registered.add(core.registerNode(new NodeRegistration(new NodeId("host-" + i, 8041), "host-" + i + ":8042",
            Resource.of(65536, 32), "", List.of())));
      }
      registered.forEach(CompletableFuture::join);
      List<Am> ams = startApps(core);
      long slots = (long) nodes * 32 - APPS;
      long perApp = slots / APPS;
      long start = System.nanoTime();
      long filled = 0;
      for (Am am : ams) {
        filled += am.call(List.of(new AllocateCall.Ask(1, "*", CONTAINER, (int) perApp, 0)), List.of());
      }
      double fillSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "nodes=%,d fill: %,d allocations in %.2f s = %,.0f allocations/s (%.2f us each)%n",
          nodes, filled, fillSeconds, filled / fillSeconds, fillSeconds * 1e6 / filled);
      String figure = "sched.weft.nodes" + nodes + ".";
      ResultLines.emit(System.out, figure + "fill_allocations", filled, "containers");
      ResultLines.emit(System.out, figure + "fill_allocations_per_s", filled / fillSeconds, "allocs/s");
      if (warmUpSeconds > 0) {
        warmUp(ams, nodes, warmUpSeconds);
        ResultLines.emit(System.out, figure + "warm_up", warmUpSeconds, "s");
      }
      steadyState(ams, nodes, rounds, false, figure + "steady_allocations_per_s");
      steadyState(ams, nodes, rounds, true, figure + "concurrent_steady_allocations_per_s");
    }
  }

  /**
   * Rounds in which every application releases a tenth of its containers and asks for as many again, plus one
   * round first that warms the path up. One after the other ({@code together} false): each AM waits for its
   * answer before the next calls, so every call is a batch of its own with its own pass. Together: all AMs call
   * at once and then wait, as AMs of a real cluster do, so calls that arrive while the core is busy are applied
   * as one batch and answered from one pass.
   */
  private static void steadyState(List<Am> ams, int nodes, int rounds, boolean together, String figure) {
    List<Double> rates = new ArrayList<>();
    List<Double> costs = new ArrayList<>();
    long coreCpuStart = 0;
    long measured = 0;
    for (int r = 0; r < rounds + 1; r++) {
      if (r == 1) {
        coreCpuStart = coreThreadCpuNanos();
      }
      long t0 = System.nanoTime();
      long allocated = round(ams, together);
      double s = (System.nanoTime() - t0) / 1e9;
      if (r > 0) {
        rates.add(allocated / s);
        costs.add(s * 1e6 / allocated);
        measured += allocated;
      }
    }
    double coreMicros = (coreThreadCpuNanos() - coreCpuStart) / 1e3 / measured;
    System.out.printf(Locale.ROOT,
        "nodes=%,d steady state, AMs calling %s (release 10%% and re-ask, per round): %s; cost %s; "
            + "core thread %.2f us of CPU per allocation%n",
        nodes, together ? "together" : "one after the other", Stats.summary(rates, "allocations/s"),
        Stats.summary(costs, "us/allocation"), coreMicros);
    Stats.emit(figure, rates, "allocs/s");
    ResultLines.emit(System.out, figure.replace("allocations_per_s", "core_cpu_per_allocation"), coreMicros, "us");
  }

  /** One round: every application releases a tenth of its containers and asks for as many; returns those placed. */
  private static long round(List<Am> ams, boolean together) {
    long allocated = 0;
    List<CompletableFuture<AllocateResult>> answers = new ArrayList<>(ams.size());
    for (Am am : ams) {
      int release = am.containers.size() / 10;
      List<AllocateCall.Ask> ask = List.of(new AllocateCall.Ask(1, "*", CONTAINER, release, 0));
      if (together) {
        answers.add(am.send(ask, am.releaseOldest(release)));
      } else {
        allocated += am.call(ask, am.releaseOldest(release));
      }
    }
    for (int i = 0; i < answers.size(); i++) {
      allocated += ams.get(i).take(answers.get(i).join());
    }
    return allocated;
  }

  /**
   * Unmeasured rounds, both ways by turns, for {@code seconds}: an RM runs for days, and a fresh JVM compiles its hot
   * paths over its first seconds to half minute, so rounds measured right after the fill see code not yet compiled.
   */
  private static void warmUp(List<Am> ams, int nodes, int seconds) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long allocated = 0;
    int rounds = 0;
    while (System.nanoTime() < end) {
      allocated += round(ams, rounds % 2 == 0);
      rounds++;
    }
    System.out.printf(Locale.ROOT, "nodes=%,d warm-up: %,d rounds, %,d allocations in %d s, not measured%n", nodes,
        rounds, allocated, seconds);
  }

  /**
   * The CPU time of the RM core's thread so far: unlike the wall clock of short rounds, it does not count the
   * collector's pauses, the AMs' side or compilation on the other core, so it compares builds.
   */
  private static long coreThreadCpuNanos() {
    return ThreadCpu.nanos("rm-core"::equals);
  }

  private static List<Am> startApps(RmCore core) {
    List<Am> ams = new ArrayList<>();
    for (int i = 0; i < APPS; i++) {
      ApplicationId id = core.newApplication().join();
      core.submit(new ApplicationSubmission(id, "bench-" + i, "q" + (i % 4), "user-" + (i % 10), "BENCH", List.of(),
          0, Resource.of(1024, 1), 1, new byte[0])).join();
      ams.add(new Am(core, id));
    }
    for (Am am : ams) {
      am.register();
    }
    return ams;
  }

  /** A simulated AM: registers once its container is placed, asks, releases its oldest containers. */
  static final class Am {
    private final RmCore core;
    private final ApplicationId id;
    final Deque<ContainerId> containers = new ArrayDeque<>();
    private ApplicationAttemptId attempt;
    private int responseId;

    Am(RmCore core, ApplicationId id) {
      this.core = core;
      this.id = id;
    }

    void register() {
      while (core.report(id).join().amContainer() == null) {
        Thread.onSpinWait();
      }
      attempt = core.report(id).join().currentAttempt();
      core.registerAm(attempt, "localhost", 0, "").join();
    }

    List<ContainerId> releaseOldest(int n) {
      List<ContainerId> out = new ArrayList<>(n);
      for (int i = 0; i < n && !containers.isEmpty(); i++) {
        out.add(containers.pollFirst());
      }
      return out;
    }

    /** One allocate call; returns how many containers it brought. */
    int call(List<AllocateCall.Ask> asks, List<ContainerId> releases) {
      return take(send(asks, releases).join());
    }

    /** Sends one allocate call; hand its answer to {@link #take} before the next. */
    CompletableFuture<AllocateResult> send(List<AllocateCall.Ask> asks, List<ContainerId> releases) {
      return core.allocate(new AllocateCall(attempt, responseId, asks, releases, 0, ""), Duration.ZERO);
    }

    /** Keeps what an answer brought; returns how many containers that is. */
    int take(AllocateResult answer) {
      responseId = answer.responseId();
      List<Allocation> got = answer.allocated();
      got.forEach(a -> containers.addLast(a.containerId()));
      return got.size();
    }
  }

  /** NodeManagers that accept every AM launch and stop; nothing leaves the process. */
  static final class NoNodes implements NodeClient {
    @Override
    public CompletableFuture<Void> launchAm(AmLaunch launch) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void stopContainers(NodeId node, List<ContainerId> containers, int exitStatus, String diagnostics) {}

    @Override
    public void close() {}
  }
}
