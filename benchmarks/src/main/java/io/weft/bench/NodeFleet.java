package io.weft.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.weft.common.id.HostPort;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.proto.ApplicationClientServiceGrpc;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulated NodeManagers of {@link HeartbeatScale}, in a process of their own (so the RM's process
 * holds only the RM, and each side stays within the file-descriptor limit with one connection per
 * node): N {@link SimulatedNodeManager}s, nodes 127.0.0.1:10000 and on, each with its own connection to
 * the RM (with TLS, its own handshake with the nodemanager certificate), registering and then
 * heartbeating as the real NM does, their first heartbeats spread over one interval. Prints
 * {@value #MEASURING} when the measured window opens and {@value #DONE} when it closes (the parent
 * samples the RM's CPU there), then the heartbeats' figures.
 *
 * With {@code --ams=N}, N unmanaged AMs of the same process call Allocate through the run too, each on its
 * own connection, and their allocations' latency is printed.
 *
 * <p>Usage: {@code NodeFleet rm-host:port nodes warm-up-seconds seconds interval-ms stream|unary [--ams=N]
 * [--tls-dir DIR]}.
 */
public final class NodeFleet {
  static final String MEASURING = "@measuring";
  static final String DONE = "@done";
  /** Registrations in flight at once: the connections (and TLS handshakes) are made at this pace. */
  private static final int REGISTRATIONS_IN_FLIGHT = 64;
  private static final int CLIENT_LOOP_THREADS = 2;
  /** {@code --ams=N}: N unmanaged AMs call Allocate beside the nodes' heartbeats (default none). */
  static final String AMS = "--ams=";
  /**
   * Each AM calls every second, as YARN's MapReduce AM and distributed shell do by default, releasing
   * {@value #AM_CHURN} of the {@value #AM_HELD} containers it holds and asking for as many again (placed, never
   * started).
   */
  private static final long AM_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int AM_HELD = 10;
  private static final int AM_CHURN = 5;
  private static final Duration AM_START_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The simulated nodes are 127.0.0.1 with ports from here on: with TLS the RM accepts a node id only for a
   * host its certificate names, and the one {@code nm} certificate of the run names 127.0.0.1 (which counts
   * on a loopback connection). The RM tells nodes apart by host and port, as YARN does; nothing listens on
   * these ports, and no container is placed, so the RM never dials them.
   */
  private static final int FIRST_PORT = 10_000;

  private NodeFleet() {}

  static NodeId nodeId(int index) {
    if (FIRST_PORT + index > 65_535) {
      throw new IllegalArgumentException("at most " + (65_535 - FIRST_PORT + 1) + " simulated nodes fit in the ports "
          + "of 127.0.0.1 from " + FIRST_PORT);
    }
    return new NodeId("127.0.0.1", FIRST_PORT + index);
  }

  /** The {@code --ams=N} among {@code argv}, or {@code fallback}; a negative count is refused. */
  static int amCount(String[] argv, int fallback) {
    return BenchArgs.nonNegativeIntFlag(argv, AMS, fallback, "the number of AMs");
  }

  public static void main(String[] argv) throws Exception {
    BenchTls tls = BenchTls.of(argv);
    String[] args = BenchTls.positional(BenchArgs.positional(argv));
    int amCount = amCount(argv, 0);
    HostPort rm = HostPort.parse(args[0], "rm");
    int nodes = Integer.parseInt(args[1]);
    nodeId(nodes - 1); // fails before the first connection when the nodes do not fit
    int warmUp = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    Duration interval = Duration.ofMillis(Integer.parseInt(args[4]));
    boolean unary = HeartbeatScale.unary(args[5]);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    EventLoopGroup loop = BenchChannels.loop(CLIENT_LOOP_THREADS);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "simulated-nm-heartbeats");
      t.setDaemon(true);
      return t;
    });
    List<ManagedChannel> channels = new ArrayList<>(nodes);
    List<SimulatedNodeManager> nms = new ArrayList<>(nodes);
    HeartbeatLatencies latencies = new HeartbeatLatencies();
    Clock clock = Clock.systemUTC();
    try {
      long start = System.nanoTime();
      Semaphore inFlight = new Semaphore(REGISTRATIONS_IN_FLIGHT);
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Random phases = new Random(20261202);
      for (int i = 0; i < nodes && failed.get() == null; i++) {
        ManagedChannel channel = BenchChannels.to(rm, tls.nodeChannel(), loop);
        channels.add(channel);
        SimulatedNodeManager nm = new SimulatedNodeManager(nodeId(i), Resource.of(65536, 32), channel, clock,
            latencies, unary);
        nms.add(nm);
        inFlight.acquire();
        Futures.addCallback(nm.registerAsync(), new FutureCallback<Void>() {
          @Override
          public void onSuccess(Void v) {
            inFlight.release();
            // As a real NM: heartbeats from its registration on; the phases spread over one interval.
            nm.startHeartbeats(timer, Duration.ofNanos((long) (phases.nextDouble() * interval.toNanos())));
          }

          @Override
          public void onFailure(Throwable t) {
            failed.compareAndSet(null, t);
            inFlight.release();
          }
        }, MoreExecutors.directExecutor());
      }
      inFlight.acquire(REGISTRATIONS_IN_FLIGHT);
      if (failed.get() != null) {
        throw new IllegalStateException("a registration failed after " + nms.size() + " nodes", failed.get());
      }
      double registering = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "registered %,d simulated NMs, one connection each (%s), in %.1f s%n", nodes,
          tls.label(), registering);
      List<SimulatedAm> ams = startAms(rm, tls, loop, channels, amCount);
      long from = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUp);
      long to = from + TimeUnit.SECONDS.toNanos(seconds);
      CountDownLatch amsDone = new CountDownLatch(ams.size());
      long firstCall = System.nanoTime();
      for (int i = 0; i < ams.size(); i++) {
        ams.get(i).pace(AM_INTERVAL_NANOS, firstCall + AM_INTERVAL_NANOS * i / ams.size());
        ams.get(i).churnUntil(AM_CHURN, from, to, amsDone);
      }
      TimeUnit.NANOSECONDS.sleep(from - System.nanoTime());
      long cpuFrom = os.getProcessCpuTime();
      long sentFrom = nms.stream().mapToLong(SimulatedNodeManager::heartbeats).sum();
      long answeredFrom = nms.stream().mapToLong(SimulatedNodeManager::answered).sum();
      latencies.window(from, to);
      System.out.println(MEASURING);
      TimeUnit.NANOSECONDS.sleep(to - System.nanoTime());
      System.out.println(DONE);
      long cpu = os.getProcessCpuTime() - cpuFrom;
      long sent = nms.stream().mapToLong(SimulatedNodeManager::heartbeats).sum() - sentFrom;
      long answered = nms.stream().mapToLong(SimulatedNodeManager::answered).sum() - answeredFrom;
      // The heartbeats sent just before the window closed are answered; the nodes go on heartbeating
      // meanwhile, so that the RM sees none fall silent while it is measured.
      TimeUnit.SECONDS.sleep(2);
      long[] sorted = latencies.sorted();
      long failures = nms.stream().mapToLong(SimulatedNodeManager::failures).sum();
      System.out.printf(Locale.ROOT, "heartbeats: %,d sent in the measured %d s = %,.0f/s (%,d nodes, interval "
          + "%,d ms); %,d answered (each node asks at least every third); %,d failed%n", sent, seconds,
          sent / (double) seconds, nodes, interval.toMillis(), answered, failures);
      System.out.printf(Locale.ROOT, "heartbeat RPC latency (%,d asked for an answer in the window): p50 %.2f ms, "
          + "p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", sorted.length, Stats.percentile(sorted, 50),
          Stats.percentile(sorted, 99), Stats.percentile(sorted, 99.9), Stats.percentile(sorted, 100));
      if (!ams.isEmpty()) {
        printAms(ams, from, seconds, amsDone);
      }
      System.out.printf(Locale.ROOT, "simulator process CPU: %.1f%% of one core%n", 100.0 * cpu / (seconds * 1e9));
      // Closing the connections under calls in flight would make the RM log a stream error for each.
      nms.forEach(SimulatedNodeManager::stop);
      long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < drainUntil && !nms.stream().allMatch(SimulatedNodeManager::idle)) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
    } finally {
      nms.forEach(SimulatedNodeManager::stop);
      timer.shutdownNow();
      channels.forEach(ManagedChannel::shutdownNow);
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** {@code count} unmanaged AMs, each on its own connection, registered and holding {@value #AM_HELD} containers. */
  private static List<SimulatedAm> startAms(HostPort rm, BenchTls tls, EventLoopGroup loop,
      List<ManagedChannel> channels, int count) throws InterruptedException {
    List<SimulatedAm> ams = new ArrayList<>(count);
    if (count == 0) {
      return ams;
    }
    ManagedChannel clientChannel = BenchChannels.to(rm, tls.amChannel(), loop);
    channels.add(clientChannel);
    var client = ApplicationClientServiceGrpc.newBlockingStub(clientChannel);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      EventLoop own = loop.next();
      ManagedChannel channel = BenchChannels.to(rm, tls.amChannel(), own);
      channels.add(channel);
      ams.add(SimulatedAm.unmanaged(client, channel, own, AM_HELD, AM_START_TIMEOUT));
    }
    System.out.printf(Locale.ROOT, "started %d unmanaged AMs, one connection each, holding %d containers each, in "
        + "%.1f s%n", count, AM_HELD, (System.nanoTime() - start) / 1e9);
    return ams;
  }

  private static void printAms(List<SimulatedAm> ams, long from, int seconds, CountDownLatch done)
      throws InterruptedException {
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(done.getCount() + " of the " + ams.size() + " AMs still calling 30 s after the "
          + "window closed");
    }
    long[] sorted = ams.stream().flatMapToLong(am -> Arrays.stream(am.latencies(from))).sorted().toArray();
    long calls = ams.stream().mapToLong(am -> am.measuredCalls).sum();
    System.out.printf(Locale.ROOT, "AMs: %d calling Allocate every %d ms, each swapping %d of its %d containers a "
            + "call: %,d calls and %,d allocations in the measured %d s; ask-to-allocation p50 %.2f ms, p99 %.2f ms, "
            + "max %.2f ms%n", ams.size(), TimeUnit.NANOSECONDS.toMillis(AM_INTERVAL_NANOS), AM_CHURN, AM_HELD, calls,
        sorted.length, seconds, Stats.percentile(sorted, 50), Stats.percentile(sorted, 99),
        Stats.percentile(sorted, 100));
  }
}
