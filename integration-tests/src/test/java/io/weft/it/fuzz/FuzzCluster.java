package io.weft.it.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.weft.client.WeftClient;
import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.client.records.ApplicationReport;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.dist.LocalCluster;
import io.weft.nm.NodeManager;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.UnRegisterNodeManagerRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real RM and NM in the test JVM to fuzz, and the checks that it survived: its daemon threads
 * alive, its heap after GC bounded, and a distributed shell run through the CLI succeeding.
 */
final class FuzzCluster implements AutoCloseable {
  /**
   * Heap growth allowed over the run, measured after GC. The fuzzers keep at most a few 100 KB
   * strings in flight; what the daemons may rightly keep is the bounded history of the requests
   * they accepted (a few hundred small application and node records). 256 MB is far above that and
   * far below what a leak of every request (tens of thousands of up-to-100-KB messages) would hold.
   */
  static final long HEAP_GROWTH_LIMIT_BYTES = 256L * 1024 * 1024;
  /** The long-lived threads of the RM and NM; the thread pools come and go by design. */
  private static final Pattern DAEMON_THREAD = Pattern.compile(
      "rm-core|rm-monitor|rm-state-store|rm-scheduler-timer|rm-web-sampler|nm-heartbeat-.*|nm-container-monitor"
          + "|nm-health-checker");

  private final LocalCluster cluster;
  private final List<Thread> daemonThreads;
  private final long heapBefore;

  FuzzCluster(Path workDir) {
    // Half the cluster for AMs (not YARN's 10 %): the fuzzers' applications and the token holder's run side by side.
    cluster = LocalCluster.builder(workDir).nodeManagers(1)
        .config(WeftConfig.of(Map.of("weft.scheduler.capacity.maximum-am-resource-percent", "0.5"))).build();
    cluster.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> cluster.nodeManagers().get(0).isRegistered());
    daemonThreads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> DAEMON_THREAD.matcher(t.getName()).matches()).toList();
    assertThat(daemonThreads.stream().map(Thread::getName)).as("the daemon threads to watch")
        .contains("rm-core", "rm-monitor", "nm-container-monitor", "nm-health-checker")
        .anyMatch(name -> name.startsWith("nm-heartbeat-"));
    System.out.println("fuzz: watching threads " + daemonThreads.stream().map(Thread::getName).sorted().toList());
    heapBefore = heapAfterGc();
  }

  LocalCluster cluster() {
    return cluster;
  }

  HostPort rmAddress() {
    return cluster.rmAddress();
  }

  NodeManager nodeManager() {
    return cluster.nodeManagers().get(0);
  }

  WeftClient client() {
    return WeftClient.connect(cluster.clientConfig());
  }

  /** Fails naming every watched daemon thread that has died. */
  void assertDaemonThreadsAlive() {
    assertThat(daemonThreads.stream().filter(t -> !t.isAlive()).map(Thread::getName).toList())
        .as("daemon threads that died").isEmpty();
  }

  void assertHeapBounded() {
    long growth = heapAfterGc() - heapBefore;
    System.out.printf("fuzz: heap after GC grew by %d MB (limit %d MB)%n", growth >> 20,
        HEAP_GROWTH_LIMIT_BYTES >> 20);
    assertThat(growth).as("heap growth after GC, bytes").isLessThan(HEAP_GROWTH_LIMIT_BYTES);
  }

  /**
   * Removes what fuzzing may rightly have created, so the check run has the cluster to itself: the
   * applications still running are killed, and nodes that registered but do not exist are unregistered
   * (without credentials, as any NM may in non-secure mode).
   */
  void clearFuzzLeftovers() {
    try (WeftClient client = client()) {
      for (ApplicationReport app : client.getApplications()) {
        if (!WeftClient.isFinal(app.getYarnApplicationState())) {
          client.killApplication(app.getApplicationId());
        }
      }
      String realNode = nodeManager().nodeId().toString();
      Set<String> fakeNodes = client.getNodeReports().stream().map(n -> n.getNodeId().toString())
          .filter(id -> !id.equals(realNode)).collect(Collectors.toSet());
      ManagedChannel channel = Channels.forAddress(rmAddress());
      try {
        ResourceTrackerServiceGrpc.ResourceTrackerServiceBlockingStub tracker =
            ResourceTrackerServiceGrpc.newBlockingStub(channel);
        fakeNodes.forEach(id -> tracker.unRegisterNodeManager(UnRegisterNodeManagerRequest.newBuilder()
            .setNodeId(id).build()));
      } finally {
        Channels.close(channel);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> client.getApplications().stream()
          .allMatch(app -> WeftClient.isFinal(app.getYarnApplicationState())));
    }
  }

  /** A normal application after the fuzzing: a distributed shell submitted through the CLI succeeds. */
  void assertApplicationRunSucceeds() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new WeftCli(new CliContext(cluster.clientConfig(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).run("distributed-shell", "--num-containers", "1",
        "--container-memory", "256m", "--shell-command", "echo survived", "--name", "after-fuzzing");
    String output = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("distributed shell after fuzzing\n%s\n%s", output, err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(output).contains("final status SUCCEEDED");
  }

  private static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Override
  public void close() {
    cluster.close();
  }
}
