package io.weft.it.contract;

import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.weft.am.AmEnvironment;
import io.weft.am.client.AmRmClient;
import io.weft.client.AppSubmission;
import io.weft.client.WeftClient;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RetryPolicy;
import io.weft.nm.NmKeys;
import io.weft.nm.NodeManager;
import io.weft.rm.ResourceManager;
import io.weft.rm.config.RmKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real RM (with its RocksDB store in a temp dir) and real NMs in this JVM over real gRPC, each NM
 * reaching the RM through its own {@link HeartbeatTap}. The RM can be restarted in place (same port,
 * same store). An AM is hosted in the test: the RM launches a real AM container, a shell that hands
 * its environment (attempt id, AMRM token) to the test through a file and then waits.
 */
final class ContractCluster implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Path dir;
  private final WeftConfig base;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  final List<NodeManager> nodeManagers = new ArrayList<>();
  final List<HeartbeatTap> taps = new ArrayList<>();
  private ResourceManager rm;
  private int rmPort;

  ContractCluster(Path dir, Map<String, String> settings) {
    this.dir = dir;
    RmKeys.declare();
    this.base = WeftConfig.of(settings);
    startRm();
  }

  private void startRm() {
    rm = new ResourceManager(base
        .with(CommonKeys.RM_ADDRESS, "127.0.0.1:" + rmPort)
        .with(CommonKeys.RM_WEBAPP_ADDRESS, "127.0.0.1:0")
        .with(RmKeys.STAGING_DIR, dir.resolve("rm-staging"))
        .with(RmKeys.STORE_DIR, dir.resolve("rm-state"))
        .validate());
    rm.start();
    rmPort = rm.address().port();
  }

  /** Stops the RM and starts it again on the same port and state store: a work-preserving restart. */
  void restartRm() {
    rm.close();
    startRm();
  }

  HostPort rmAddress() {
    return rm.address();
  }

  /** Starts NM number {@code index} (its dirs under nm-index) with {@code memoryMb}, behind a tap of its own. */
  NodeManager startNodeManager(long memoryMb) {
    int index = nodeManagers.size();
    HeartbeatTap tap = new HeartbeatTap(rm.address());
    Path nmDir = dir.resolve("nm-" + index);
    NodeManager nm = new NodeManager(base.with(Map.of(
        CommonKeys.RM_ADDRESS.key(), tap.address().toString(),
        NmKeys.ADDRESS.key(), "127.0.0.1:0",
        NmKeys.WEBAPP_ADDRESS.key(), "127.0.0.1:0",
        NmKeys.MEMORY_MB.key(), Long.toString(memoryMb),
        NmKeys.CPU_VCORES.key(), "8",
        NmKeys.LOCAL_DIRS.key(), nmDir.resolve("local").toString(),
        NmKeys.LOG_DIRS.key(), nmDir.resolve("logs").toString(),
        NmKeys.RM_RETRY_INTERVAL.key(), "200",
        NmKeys.WARM_JVMS_ENABLED.key(), "false")));
    taps.add(tap);
    nodeManagers.add(nm);
    nm.start();
    await("registration of " + nm.nodeId()).atMost(TIMEOUT).until(nm::isRegistered);
    return nm;
  }

  WeftClient client() {
    WeftClient client = WeftClient.connect(rm.address());
    closeables.add(client);
    return client;
  }

  /** An application whose AM runs in this test; returns its AM client, registered. */
  HostedAm hostAm() {
    WeftClient client = client();
    WeftClient.NewApplication app = client.createApplication();
    Path env = dir.resolve(app.id() + ".env");
    String script = "env -0 > '" + env + ".tmp' && mv '" + env + ".tmp' '" + env + "' && exec sleep 600";
    client.submitApplication(AppSubmission.builder(app.id()).name("contract").applicationType("CONTRACT")
        .amResource(Resource.of(1024, 1)).maxAttempts(1).command(List.of("bash", "-c", script)).build());
    await("the AM container's environment").atMost(Duration.ofSeconds(60)).until(() -> Files.exists(env));
    AmEnvironment am = AmEnvironment.from(environment(env), dir);
    ManagedChannel channel = Channels.forAddress(rm.address());
    channels.add(channel);
    AmRmClient amrm = AmRmClient.create(channel, am.amrmToken(), am.attemptId(), TIMEOUT,
        new RetryPolicy(Duration.ofMillis(200), Duration.ofMinutes(2)));
    closeables.add(amrm);
    amrm.registerApplicationMaster("127.0.0.1", 0, "");
    return new HostedAm(app.id(), amrm);
  }

  record HostedAm(ApplicationId id, AmRmClient amrm) {}

  private static Map<String, String> environment(Path file) {
    Map<String, String> env = new HashMap<>();
    try {
      for (String entry : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\0")) {
        int eq = entry.indexOf('=');
        if (eq > 0) {
          env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return env;
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
    channels.forEach(Channels::close);
    nodeManagers.forEach(NodeManager::close);
    taps.forEach(HeartbeatTap::close);
    if (rm != null) {
      rm.close();
    }
  }
}
