package io.weft.bench;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.rm.ResourceManager;
import io.weft.rm.config.RmKeys;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark 4, heartbeat scale: the real ResourceManager gRPC server in this process and N simulated
 * NodeManagers (default 10,000) in a child process ({@link NodeFleet}), each with its own connection,
 * registering and then heartbeating as the real NM does (its health, its containers, the ids of the
 * master keys it holds; every interval the RM dictates, asking for an answer on every third). Prints
 * the heartbeat RPC latency percentiles (measured by the simulator, send to answer, over the heartbeats that asked
 * for one), the RM process's CPU over the measured window and its heap after a GC, the RM's state of N nodes.
 *
 * <p>Why two processes: one connection per node means a socket at each end, and 10,000 nodes in one
 * JVM would need 20,000 descriptors, over this machine's limit ({@code ulimit -n} 20000); multiplexing
 * the nodes over a few connections would not cost the RM what 10,000 NMs cost it (with TLS: 10,000
 * handshakes and sessions, records per connection).
 *
 * <p>Usage: {@code HeartbeatScale [nodes] [seconds] [interval-ms] [stream|unary] [--ams=N] [--warm-up=S] [--tls]
 * [--split-cores]} (default 10000 30 1000 stream, 100 AMs; a warm-up of S seconds, default 5, comes first, after the
 * registrations: a fresh JVM on two busy cores compiles the AMs' paths for two minutes, so the steady state needs
 * {@code --warm-up=120};
 * the interval is the RM's weft.resourcemanager.nodemanagers.heartbeat-interval-ms, which it dictates to the nodes;
 * {@code --ams=N}: N unmanaged AMs in the nodes' process (default {@value #DEFAULT_AMS}, the cluster of issue 17's
 * figure, 0 for none) call Allocate every second, each swapping 5 of the 10 containers it holds, so the RM schedules
 * while it is heartbeated; {@code stream}: each node heartbeats on one NodeHeartbeats stream as the real NM does,
 * {@code unary}: one NodeHeartbeat call per heartbeat; {@code --tls}: the RM and the simulated NMs speak TLS,
 * with certificates of a CA made for the run; {@code --split-cores}: the RM's process runs on CPU 0 only and the
 * simulated nodes' on the others ({@code taskset}), as on a cluster where the nodes are other machines: without it the
 * simulators' own work, TLS included, competes with the RM for the same cores and shows in the RM's latency).
 */
public final class HeartbeatScale {
  private static final String WARM_UP = "--warm-up=";
  /**
   * The simulated NMs' collector: -Dweft.bench.fleet-gc=G1 (or Serial, Parallel, Z; Z unset). Every simulated node
   * lives in the one fleet JVM, so a pause there stalls all 10,000 at once, and the round trips it holds up are
   * counted as the RM's; a real NM allocates one node's worth and pauses alone, on its own host. On the JVM's default
   * (G1) those pauses were most of the heartbeat p99 (docs/design.md, "The ResourceManager's JVM").
   */
  private static final String FLEET_GC = "-XX:+Use" + System.getProperty("weft.bench.fleet-gc", "Z").strip() + "GC";

  private HeartbeatScale() {}

  /** {@code unary} or {@code stream} (how the simulated nodes heartbeat); anything else is refused. */
  static boolean unary(String transport) {
    return switch (transport) {
      case "unary" -> true;
      case "stream" -> false;
      default -> throw new IllegalArgumentException("heartbeat transport '" + transport + "' is neither stream nor unary");
    };
  }

  private static final String SPLIT_CORES = "--split-cores";
  private static final int DEFAULT_AMS = 100;

  public static void main(String[] argv) throws Exception {
    BenchTls tls = BenchTls.of(argv);
    boolean splitCores = List.of(argv).contains(SPLIT_CORES);
    String[] args = java.util.Arrays.stream(BenchTls.positional(BenchArgs.positional(argv)))
        .filter(a -> !a.equals(SPLIT_CORES)).toArray(String[]::new);
    int ams = NodeFleet.amCount(argv, DEFAULT_AMS);
    int warmUp = BenchArgs.nonNegativeIntFlag(argv, WARM_UP, 5, "the seconds not measured");
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int intervalMs = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    String transport = args.length > 3 ? args[3] : "stream";
    boolean unary = unary(transport);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.printf(Locale.ROOT, "machine: %d cores, java %s, load average %.1f; nodes=%,d heartbeat interval %,d ms, "
            + "measured %d s after %d s, %s, %s heartbeats, %d AMs calling Allocate every second%s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), os.getSystemLoadAverage(), nodes, intervalMs, seconds, warmUp,
        tls.label(), transport, ams, splitCores ? ", RM on CPU 0, simulated nodes on the others" : "");
    try (ResourceManager rm = new ResourceManager(WeftConfig.of(tls.rmConfig(Map.of(CommonKeys.RM_ADDRESS.key(),
        "127.0.0.1:0", RmKeys.STAGING_DIR.key(), ScratchDirs.make("weft-bench").toString(),
        RmKeys.STORE_DIR.key(), ScratchDirs.make("weft-bench-rm-state").toString(),
        RmKeys.NM_HEARTBEAT_INTERVAL.key(), Integer.toString(intervalMs)))))) {
      rm.start();
      List<String> fleetArgs = new ArrayList<>(List.of(rm.address().toString(), Integer.toString(nodes),
          Integer.toString(warmUp), Integer.toString(seconds), Integer.toString(intervalMs), transport,
          NodeFleet.AMS + ams));
      fleetArgs.addAll(tls.childArgs());
      List<String> command = ChildJvm.command(
          List.of("-Xmx2g", "-Dlog4j2.configurationFile=classpath:log4j2-bench.xml", FLEET_GC), NodeFleet.class,
          fleetArgs);
      Process fleet = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      if (splitCores) {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2) {
          throw new IllegalStateException(SPLIT_CORES + " needs 2 CPUs or more; this machine has " + cpus);
        }
        pin(ProcessHandle.current().pid(), "0");
        pin(fleet.pid(), "1-" + (cpus - 1));
      }
      long cpuFrom = -1;
      long cpuTo = -1;
      long allocatedFrom = 0;
      long allocatedTo = 0;
      long windowFrom = 0;
      long windowTo = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(fleet.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.equals(NodeFleet.MEASURING)) {
            cpuFrom = os.getProcessCpuTime();
            allocatedFrom = allocatedBytes();
            windowFrom = System.nanoTime();
          } else if (line.equals(NodeFleet.DONE)) {
            cpuTo = os.getProcessCpuTime();
            allocatedTo = allocatedBytes();
            windowTo = System.nanoTime();
          } else {
            System.out.println(line);
          }
        }
      } finally {
        if (fleet.isAlive()) {
          fleet.destroy();
        }
      }
      int exit = fleet.waitFor();
      if (exit != 0 || cpuTo < 0) {
        throw new IllegalStateException("the simulated NodeManagers' process failed (exit " + exit + ")");
      }
      System.gc();
      long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
      System.out.printf(Locale.ROOT, "RM process CPU over the window: %.1f%% of one core; RM heap after GC: %d MB "
          + "(its state of %,d nodes)%n", 100.0 * (cpuTo - cpuFrom) / (windowTo - windowFrom), heapMb, nodes);
      // what the collector must clear: fewer bytes per heartbeat, fewer cycles, and the heartbeat tail is in them
      double window = (windowTo - windowFrom) / 1e9;
      double heartbeatsPerSecond = nodes * 1000.0 / intervalMs;
      System.out.printf(Locale.ROOT, "RM allocation over the window: %.1f MB/s, %.2f KB per heartbeat (%,.0f a second,"
              + " the AMs' calls included)%n", (allocatedTo - allocatedFrom) / window / 1e6,
          (allocatedTo - allocatedFrom) / 1e3 / (window * heartbeatsPerSecond), heartbeatsPerSecond);
    }
  }

  /** Bytes allocated so far by the threads of this process now alive (the RM's threads live through the window). */
  private static long allocatedBytes() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  /** Runs every thread of process {@code pid}, and those it starts later, on {@code cpus} only. */
  private static void pin(long pid, String cpus) throws Exception {
    Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
        .redirectErrorStream(true).start();
    String out = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (taskset.waitFor() != 0) {
      throw new IllegalStateException("taskset -a -p -c " + cpus + " " + pid + " failed: " + out);
    }
  }
}
