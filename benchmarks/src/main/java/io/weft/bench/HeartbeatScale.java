package io.weft.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.Channels;
import io.weft.proto.NodeHealthStatus;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.NodeStatus;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.Resource;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.rm.ResourceManager;
import io.weft.rm.RmKeys;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Benchmark 4, heartbeat scale: the real ResourceManager gRPC server and N simulated NodeManagers
 * (default 10,000) each heartbeating once a second over loopback gRPC, paced evenly. Prints the
 * heartbeat RPC latency percentiles, the process CPU (RM and simulators share this JVM, so it is
 * an upper bound for the RM) and the RM's heap after a GC.
 *
 * <p>Usage: {@code HeartbeatScale [nodes] [seconds] [--tls]} (default 10000 30; {@code --tls}: the RM and
 * the simulated NMs speak TLS, with certificates of a CA made for the run).
 */
public final class HeartbeatScale {
  private HeartbeatScale() {}

  public static void main(String[] argv) throws Exception {
    BenchTls tls = BenchTls.of(argv);
    String[] args = BenchTls.positional(argv);
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (ResourceManager rm = new ResourceManager(WeftConfig.of(tls.rmConfig(Map.of(CommonKeys.RM_ADDRESS.key(),
        "127.0.0.1:0", RmKeys.STAGING_DIR.key(), Files.createTempDirectory("weft-bench").toString(),
        RmKeys.STORE_DIR.key(), Files.createTempDirectory("weft-bench-rm-state").toString()))))) {
      rm.start();
      ManagedChannel channel = Channels.forAddress(rm.address(), tls.nodeChannel());
      var blocking = ResourceTrackerServiceGrpc.newBlockingStub(channel);
      for (int i = 0; i < nodes; i++) {
        blocking.registerNodeManager(RegisterNodeManagerRequest.newBuilder().setNodeId("sim-" + i + ":8041")
            .setHttpAddress("sim-" + i + ":8042").setResource(Resource.newBuilder().setMemoryMb(65536).setVcores(32))
            .build());
      }
      var async = ResourceTrackerServiceGrpc.newFutureStub(channel);
      int[] responseIds = new int[nodes];
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      Semaphore inFlight = new Semaphore(2_000);
      long warmEnd = System.nanoTime() + 5_000_000_000L;
      long end = warmEnd + seconds * 1_000_000_000L;
      long cpuStart = 0;
      boolean measuring = false;
      // paced in 1 ms ticks (nodes/1000 heartbeats each), parking in between, so the simulator
      // itself burns little CPU
      int perTick = Math.max(1, nodes / 1000);
      long next = System.nanoTime();
      long sent = 0;
      for (int i = 0; System.nanoTime() < end; i = (i + 1) % nodes) {
        if (!measuring && System.nanoTime() >= warmEnd) {
          measuring = true;
          cpuStart = os.getProcessCpuTime();
          latencies.clear();
        }
        if (i % perTick == 0) {
          next += 1_000_000L;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
          }
        }
        inFlight.acquire();
        int node = i;
        long t0 = System.nanoTime();
        Futures.addCallback(async.nodeHeartbeat(NodeHeartbeatRequest.newBuilder().setNodeStatus(
            NodeStatus.newBuilder().setNodeId("sim-" + node + ":8041").setResponseId(responseIds[node])
                .setNodeHealthStatus(NodeHealthStatus.newBuilder().setIsNodeHealthy(true))).build()),
            new FutureCallback<NodeHeartbeatResponse>() {
              @Override
              public void onSuccess(NodeHeartbeatResponse r) {
                responseIds[node] = r.getResponseId();
                latencies.add(System.nanoTime() - t0);
                inFlight.release();
              }

              @Override
              public void onFailure(Throwable t) {
                inFlight.release();
                System.err.println("heartbeat failed: " + t);
              }
            }, MoreExecutors.directExecutor());
        sent++;
      }
      inFlight.acquire(2_000);
      double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      System.gc();
      long heapMb = memory.getHeapMemoryUsage().getUsed() >> 20;
      System.out.printf(Locale.ROOT, "machine: %d cores, java %s; nodes=%,d heartbeat interval 1 s, measured %d s, %s%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), nodes, seconds, tls.label());
      System.out.printf(Locale.ROOT, "heartbeats: %,d answered in the measured window = %,.0f/s%n", sorted.length,
          sorted.length / (double) seconds);
      System.out.printf(Locale.ROOT, "heartbeat RPC latency: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
          Stats.percentile(sorted, 50), Stats.percentile(sorted, 99), Stats.percentile(sorted, 99.9),
          Stats.percentile(sorted, 100));
      System.out.printf(Locale.ROOT, "process CPU (RM + simulated NMs in one JVM): %.1f%% of one core on average%n",
          cpuSeconds / seconds * 100);
      System.out.printf(Locale.ROOT, "heap used after GC: %d MB (RM state of %,d nodes + simulator)%n", heapMb, nodes);
      Channels.close(channel);
    }
  }
}
