package io.weft.bench;

import io.grpc.ManagedChannel;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.weft.common.config.CommonKeys;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RpcServer;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.Resource;
import io.weft.proto.Token;
import io.weft.rm.config.RmKeys;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 2, throughput through the wire: the real ResourceManager gRPC server on loopback, in a
 * process of its own ({@link RmProcess}: a 2 GB heap on ZGC), loaded from this process by
 * simulated NodeManagers ({@link SimulatedNodeManager}: each registers and heartbeats over its own
 * connection as the real NM does, and serves a ContainerManagementService on its own loopback port
 * that checks container and NM tokens with the real NM's verifiers), and simulated AMs, each with the
 * AMRM token its launch carried and its own connection, calling Allocate: release a few containers
 * and ask for as many again. The AMs do not start the containers they are given (an AM may release
 * a container unused), so the figure is the RM's allocation path, not container starts. The cluster
 * is much larger than the demand, so capacity is always free.
 *
 * <p>The AMs are state machines on async stubs, not threads: each has exactly one Allocate in
 * flight (the AM protocol is sequential per attempt), so at most {@code apps} calls are
 * outstanding, and their callbacks (and the NMs') run on a client event loop of
 * {@value #CLIENT_LOOP_THREADS} threads. Latency is per container: from the send of the Allocate
 * that first carried its ask to the arrival of the Allocate response that delivered it.
 *
 * <p>Usage: {@code WireThroughput [nodes] [apps] [seconds] [containers-per-app] [churn-per-call]}
 * (default 50 100 20 10 5: 1,600 slots for 1,100 containers), and {@code --tls} anywhere: the RM, the
 * simulated NMs and AMs speak TLS, with certificates of a CA made for the run; and {@code --rest-reader}
 * anywhere: a {@link RestReader} process at niceness 19 and under SCHED_IDLE GETs the REST listing of every
 * application ({@code /ws/v1/cluster/apps}) in a loop for the whole run and prints how many it got, so a run with a
 * reader hammering the RM's reads can be set beside one without (plain HTTP: not with {@code --tls}).
 *
 * <p>By default the AMs call in a closed loop, each its next call the moment the last is answered: the
 * rate is the most the machine gives, and the latency is mostly the queue of 100 calls in flight (by
 * Little's law, 100 AMs over C calls a second wait 100 / C seconds on average). {@code --rate=N} paces
 * them instead, as real AMs call on a heartbeat: each AM calls every {@code apps × churn / N} seconds
 * (their phases spread evenly), so N allocations a second are offered, and the latency is that of an
 * RM doing N a second. A call answered late is followed at once, and its asks count from when the
 * call was due, not sent, so the wait behind a late answer is measured too. {@code --warm-up=S}: the
 * first S seconds of the run are not measured (default: a quarter of the run, at most 5); a fresh JVM
 * spends its first half minute or so compiling (C2 takes most of a core meanwhile), so the steady
 * state needs a longer one. A paced run piles up a backlog while the RM compiles, and works it off
 * later: every run prints its rate and p99 for each 5 s, the warm-up included
 * ({@link AllocationTimeline}), and says so when the measured window opened on a backlog.
 */
public final class WireThroughput {
  private static final int CLIENT_LOOP_THREADS = 2;
  private static final Duration FILL_TIMEOUT = Duration.ofSeconds(30);
  private static final String REST_READER = "--rest-reader";
  private static final String RATE = "--rate=";
  private static final String WARM_UP = "--warm-up=";
  private static final String HEARTBEAT_TIMER = "simulated-nm-heartbeats";
  private static final String RM_HEAP = "2g";

  private WireThroughput() {}

  public static void main(String[] argv) throws Exception {
    boolean restReader = Arrays.asList(argv).contains(REST_READER);
    String[] flags = argv;
    int rate = BenchArgs.intFlag(flags, RATE, 0);
    if (rate < 0) {
      throw new IllegalArgumentException(RATE + rate + ": the allocations a second offered cannot be negative (leave "
          + "the flag out for a closed loop)");
    }
    argv = Arrays.stream(argv).filter(a -> !a.equals(REST_READER) && !a.startsWith(RATE) && !a.startsWith(WARM_UP))
        .toArray(String[]::new);
    BenchTls tls = BenchTls.of(argv);
    if (restReader && !tls.label().equals("plaintext")) {
      throw new IllegalArgumentException(REST_READER + " reads over plain HTTP; it cannot be combined with --tls");
    }
    String[] args = BenchTls.positional(argv);
    int nodes = arg(args, 0, 50);
    int apps = arg(args, 1, 100);
    int seconds = arg(args, 2, 20);
    int held = arg(args, 3, 10);
    int churn = arg(args, 4, 5);
    int warmUp = BenchArgs.intFlag(flags, WARM_UP, Math.min(5, seconds / 4));
    if (warmUp < 0 || warmUp >= seconds) {
      throw new IllegalArgumentException(WARM_UP + warmUp + ": the seconds not measured must be at least 0 and fewer "
          + "than the run's " + seconds);
    }
    System.out.printf("machine: %d cores, java %s, load average %.1f; nodes=%d apps=%d seconds=%d held=%d "
            + "churn=%d, %s%s; %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), nodes, apps, seconds, held, churn, tls.label(),
        restReader ? ", with a REST reader looping on /ws/v1/cluster/apps" : "",
        rate == 0 ? "closed loop (each AM calls again when answered)"
            : String.format(Locale.ROOT, "paced: %,d allocations/s offered, each AM calling every %.2f ms", rate,
                1e3 * apps * churn / rate));
    AmLaunches amLaunches = new AmLaunches();
    List<SimulatedNodeManager> nms = new ArrayList<>();
    List<SimulatedContainerService> services = new ArrayList<>();
    List<RpcServer> nmServers = new ArrayList<>();
    List<ManagedChannel> channels = new ArrayList<>();
    EventLoopGroup clientLoop = BenchChannels.loop(CLIENT_LOOP_THREADS);
    ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, HEARTBEAT_TIMER);
      t.setDaemon(true);
      return t;
    });
    try (RmProcess rm = RmProcess.start(tls.rmConfig(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0",
        CommonKeys.RM_WEBAPP_ADDRESS.key(), "127.0.0.1:0", RmKeys.STAGING_DIR.key(),
        ScratchDirs.make("weft-bench").toString(), RmKeys.STORE_DIR.key(),
        ScratchDirs.make("weft-bench-rm-state").toString())), RM_HEAP)) {
      Clock clock = Clock.systemUTC();
      for (int i = 0; i < nodes; i++) {
        // The address is the node's identity, so the server is bound first and the node named after it.
        SimulatedContainerService service = new SimulatedContainerService(clock, amLaunches);
        ServerServiceDefinition definition = service.withNmTokenHeader();
        RpcServer server = RpcServer.netty(HostPort.parse("127.0.0.1:0", "nm"), tls.nodeServer(), List.of(),
            () -> definition);
        ManagedChannel channel = BenchChannels.to(rm.address(), tls.nodeChannel(), clientLoop);
        channels.add(channel);
        nmServers.add(server);
        server.start();
        SimulatedNodeManager nm = new SimulatedNodeManager(NodeId.parse(server.address().toString()),
            io.weft.common.resource.Resource.of(65536, 32), channel, clock, HeartbeatLatencies.NONE, false);
        service.attach(nm);
        nm.register();
        nm.startHeartbeats(heartbeats, Duration.ofMillis(1000L * i / nodes));
        nms.add(nm);
        services.add(service);
      }
      List<SimulatedAm> ams = startAms(rm, tls, clientLoop, channels, amLaunches, apps, held);
      RestReader reader = restReader ? RestReader.start(rm.webAddress()) : null;
      try {
        run(ams, seconds, warmUp, churn, rate, rm);
        if (reader != null) {
          reader.stopAndPrint();
        }
      } finally {
        if (reader != null) {
          reader.close();
        }
      }
      nms.forEach(SimulatedNodeManager::stop);
      System.out.printf(Locale.ROOT, "simulated NMs: %,d heartbeats sent, %d failed; %,d start and %,d stop "
          + "calls from the RM, %d refused by their token checks%n",
          nms.stream().mapToLong(SimulatedNodeManager::heartbeats).sum(),
          nms.stream().mapToLong(SimulatedNodeManager::failures).sum(),
          services.stream().mapToLong(s -> s.startCalls.get()).sum(),
          services.stream().mapToLong(s -> s.stopCalls.get()).sum(),
          services.stream().mapToLong(s -> s.refusedCalls.get()).sum());
    } finally {
      nms.forEach(SimulatedNodeManager::stop);
      heartbeats.shutdownNow();
      channels.forEach(Channels::close);
      nmServers.forEach(RpcServer::close);
      clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** The value of the last {@code name<int>} among {@code argv}, or {@code fallback}. */
  private static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }

  /** Submits the applications, then gives each AM its own connection once its launch arrived and fills it up. */
  private static List<SimulatedAm> startAms(RmProcess rm, BenchTls tls, EventLoopGroup loop,
      List<ManagedChannel> channels, AmLaunches launches, int apps, int held) throws Exception {
    ManagedChannel clientChannel = BenchChannels.to(rm.address(), tls.amChannel(), loop);
    channels.add(clientChannel);
    var client = ApplicationClientServiceGrpc.newBlockingStub(clientChannel);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < apps; i++) {
      ids.add(SimulatedAm.submit(client, ApplicationSubmissionContext.newBuilder().setUser("bench")
          .setAmContainerSpec(ContainerLaunchContext.newBuilder().addCommand("true"))));
    }
    List<SimulatedAm> ams = new ArrayList<>();
    for (String id : ids) {
      Token token;
      try {
        token = launches.of(ApplicationId.parse(id)).get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("the AM of " + id + " was not launched within 30 s; report: "
            + client.getApplicationReport(GetApplicationReportRequest.newBuilder().setApplicationId(id).build())
                .getReport());
      }
      EventLoop own = loop.next();
      ManagedChannel channel = BenchChannels.to(rm.address(), tls.amChannel(), own);
      channels.add(channel);
      SimulatedAm am = new SimulatedAm(channel, own, id, token);
      am.registerAndFill(held, FILL_TIMEOUT);
      ams.add(am);
    }
    return ams;
  }

  private static void run(List<SimulatedAm> ams, int seconds, int warmUp, int churn, int rate, RmProcess rm)
      throws InterruptedException, IOException {
    long start = System.nanoTime();
    long warm = start + warmUp * 1_000_000_000L;
    long end = start + seconds * 1_000_000_000L;
    CountDownLatch done = new CountDownLatch(ams.size());
    long interval = rate == 0 ? 0 : 1_000_000_000L * ams.size() * churn / rate;
    for (int i = 0; i < ams.size(); i++) {
      ams.get(i).pace(interval, start + interval * i / ams.size());
    }
    ams.forEach(am -> am.churnUntil(churn, warm, end, done));
    TimeUnit.NANOSECONDS.sleep(warm - System.nanoTime());
    long rmAtWarm = rm.cpuNanos();
    long simulatorsAtWarm = processCpuNanos();
    TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
    long rmCpu = rm.cpuNanos() - rmAtWarm;
    long simulators = processCpuNanos() - simulatorsAtWarm;
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("AMs still calling 60 s after the end");
    }
    double measured = (end - warm) / 1e9;
    long calls = ams.stream().mapToLong(am -> am.measuredCalls).sum();
    long[] latencies = ams.stream().flatMapToLong(am -> Arrays.stream(am.latencies(warm))).sorted().toArray();
    long allocations = latencies.length;
    AllocationTimeline.print(ams, start, warm, end);
    System.out.printf(Locale.ROOT, "allocations: %,d in %.1f s = %,.0f allocations/s over %d AMs (%,.0f Allocate "
        + "calls/s); the RM's process %.0f%% of one core, %.0f µs per allocation%n",
        allocations, measured, allocations / measured, ams.size(), calls / measured,
        100.0 * rmCpu / (end - warm), rmCpu / 1e3 / Math.max(1, allocations));
    System.out.printf(Locale.ROOT, "the simulated AMs and NMs (this process) %.0f%% of one core%n",
        100.0 * simulators / (end - warm));
    System.out.printf(Locale.ROOT, "ask-to-allocation latency per container: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
        + "max %.2f ms over %,d containers%n", Stats.percentile(latencies, 50), Stats.percentile(latencies, 90),
        Stats.percentile(latencies, 99), Stats.percentile(latencies, 100), latencies.length);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
