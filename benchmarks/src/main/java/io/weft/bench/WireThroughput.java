package io.weft.bench;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RpcServer;
import io.weft.common.security.AuthHeaders;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.Container;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.Resource;
import io.weft.proto.ResourceRequest;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.Token;
import io.weft.rm.ResourceManager;
import io.weft.rm.RmKeys;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark 2, throughput through the wire: the real ResourceManager gRPC server on loopback,
 * simulated NodeManagers registered over gRPC, each serving a real ContainerManagementService on
 * its own loopback port (it takes AM launches and container stops), and simulated AMs on their own threads, each with its AMRM token,
 * calling Allocate: release a few containers and ask for as many again. The cluster is much larger
 * than the demand, so every ask is answered in the same call (capacity is free): the call's latency
 * is the ask-to-allocation latency.
 *
 * <p>Usage: {@code WireThroughput [nodes] [apps] [seconds] [containers-per-app] [churn-per-call]}
 * (default 50 100 20 10 5: 1,600 slots for 1,100 containers, so capacity stays free).
 */
public final class WireThroughput {
  private WireThroughput() {}

  public static void main(String[] args) throws Exception {
    int nodes = arg(args, 0, 50);
    int apps = arg(args, 1, 100);
    int seconds = arg(args, 2, 20);
    int held = arg(args, 3, 10);
    int churn = arg(args, 4, 5);
    System.out.printf("machine: %d cores, java %s; nodes=%d apps=%d seconds=%d held=%d churn=%d%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), nodes, apps, seconds, held,
        churn);
    FakeNodeManagers nms = new FakeNodeManagers();
    List<RpcServer> nmServers = new ArrayList<>();
    try (ResourceManager rm = new ResourceManager(WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0",
            RmKeys.STAGING_DIR.key(), Files.createTempDirectory("weft-bench").toString())))) {
      rm.start();
      for (int i = 0; i < nodes; i++) {
        RpcServer server = RpcServer.netty(HostPort.parse("127.0.0.1:0", "nm"), List.of(), nms);
        server.start();
        nmServers.add(server);
      }
      ManagedChannel channel = Channels.forAddress(rm.address());
      try {
        register(channel, nmServers);
        List<Am> ams = startAms(channel, nms, apps, held);
        run(ams, seconds, churn);
      } finally {
        Channels.close(channel);
      }
    } finally {
      nmServers.forEach(RpcServer::close);
    }
  }

  private static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }

  /** Each simulated NM, 64 GB / 32 vcores, at its server's loopback address. */
  private static void register(ManagedChannel channel, List<RpcServer> servers) {
    var tracker = ResourceTrackerServiceGrpc.newBlockingStub(channel);
    for (RpcServer server : servers) {
      tracker.registerNodeManager(RegisterNodeManagerRequest.newBuilder().setNodeId(server.address().toString())
          .setHttpAddress("127.0.0.1:1").setResource(Resource.newBuilder().setMemoryMb(65536).setVcores(32))
          .build());
    }
  }

  private static List<Am> startAms(ManagedChannel channel, FakeNodeManagers nms, int apps, int held)
      throws InterruptedException {
    var client = ApplicationClientServiceGrpc.newBlockingStub(channel);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < apps; i++) {
      String id = client.getNewApplication(GetNewApplicationRequest.getDefaultInstance()).getApplicationId();
      client.submitApplication(SubmitApplicationRequest.newBuilder().setSubmissionContext(
          ApplicationSubmissionContext.newBuilder().setApplicationId(id).setName("bench").setQueue("default")
              .setUser("bench").setAmResource(Resource.newBuilder().setMemoryMb(1024).setVcores(1))
              .setAmContainerSpec(ContainerLaunchContext.newBuilder().addCommand("true"))).build());
      ids.add(id);
    }
    List<Am> ams = new ArrayList<>();
    for (String id : ids) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!nms.amTokens.containsKey(id)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the AM of " + id + " was not launched within 30 s; launched: "
              + nms.amTokens.keySet() + "; report: " + client.getApplicationReport(
                  io.weft.proto.GetApplicationReportRequest.newBuilder().setApplicationId(id).build()).getReport());
        }
        Thread.sleep(1);
      }
      Am am = new Am(channel, id, nms.amTokens.get(id));
      am.registerAndFill(held);
      ams.add(am);
    }
    return ams;
  }

  private static void run(List<Am> ams, int seconds, int churn) throws InterruptedException {
    AtomicLong allocations = new AtomicLong();
    ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long warm = System.nanoTime() + Math.min(5, seconds / 4) * 1_000_000_000L;
    CountDownLatch done = new CountDownLatch(ams.size());
    long[] measuredStart = new long[1];
    for (Am am : ams) {
      Thread t = new Thread(() -> {
        List<Long> mine = new ArrayList<>();
        long got = 0;
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          int n = am.churn(churn);
          long t1 = System.nanoTime();
          if (t0 > warm) {
            mine.add(t1 - t0);
            got += n;
          }
        }
        allocations.addAndGet(got);
        latencies.add(mine.stream().mapToLong(Long::longValue).toArray());
        done.countDown();
      }, "am-" + am.id);
      t.setDaemon(true);
      t.start();
    }
    measuredStart[0] = warm;
    done.await();
    double measured = (end - warm) / 1e9;
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf(Locale.ROOT, "allocations: %,d in %.1f s = %,.0f allocations/s over %d AMs%n", allocations.get(),
        measured, allocations.get() / measured, ams.size());
    System.out.printf(Locale.ROOT, "ask-to-allocation latency (Allocate call that asks and gets its containers): "
        + "p50 %.2f ms, p99 %.2f ms, max %.2f ms over %,d calls%n", Stats.percentile(all, 50),
        Stats.percentile(all, 99), Stats.percentile(all, 100), all.length);
  }

  /** A simulated AM holding containers; each churn releases the oldest few and asks for as many. */
  static final class Am {
    final String id;
    private final ApplicationMasterServiceGrpc.ApplicationMasterServiceBlockingStub stub;
    private final Deque<String> containers = new ArrayDeque<>();
    private String attempt;
    private int responseId;
    private int wanted;

    Am(ManagedChannel channel, String id, Token token) {
      this.id = id;
      Metadata headers = new Metadata();
      headers.put(AuthHeaders.AMRM_TOKEN, token.toByteArray());
      this.stub = ApplicationMasterServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    void registerAndFill(int held) {
      attempt = id.replaceFirst("^application_", "appattempt_") + "_000001";
      stub.registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder().setApplicationAttemptId(attempt)
          .setHost("localhost").build());
      wanted = held;
      call(held, List.of());
    }

    int churn(int n) {
      List<String> release = new ArrayList<>();
      for (int i = 0; i < n && !containers.isEmpty(); i++) {
        release.add(containers.pollFirst());
      }
      return call(release.size(), release);
    }

    private int call(int ask, List<String> release) {
      AllocateResponse r = stub.allocate(AllocateRequest.newBuilder().setApplicationAttemptId(attempt)
          .setResponseId(responseId).addAllReleases(release)
          .addAsks(ResourceRequest.newBuilder().setPriority(1).setResourceName("*").setNumContainers(ask)
              .setCapability(Resource.newBuilder().setMemoryMb(1024).setVcores(1)))
          .build());
      responseId = r.getResponseId();
      for (Container c : r.getAllocatedContainersList()) {
        containers.addLast(c.getId());
      }
      return r.getAllocatedContainersCount();
    }
  }
}
