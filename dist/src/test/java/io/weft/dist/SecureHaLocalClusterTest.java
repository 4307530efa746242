package io.weft.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.StablePorts;
import io.weft.common.tls.TlsSettings;
import io.weft.rm.ha.HaKeys;
import io.weft.rm.ha.ZkClientTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft local-cluster --secure --ha}: two ResourceManager processes with TLS on every endpoint, an
 * embedded ZooKeeper, a NodeManager proven by its certificate; the state in ZooKeeper is the RMs' alone; a
 * job runs, the active RM is killed -9, the standby takes over and the next job runs too.
 */
class SecureHaLocalClusterTest {
  private static final Duration FAILOVER = Duration.ofSeconds(60);

  @TempDir Path dir;
  private HaLocalCluster cluster;
  /** What {@code WEFT_CONF_DIR=<work dir>/conf} gives a client. */
  private WeftConfig clientConfig;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void secureHaCluster_runsJobsOverTls_andFailsOverWhenTheActiveRmIsKilled() throws Exception {
    List<Integer> ports = StablePorts.free("127.0.0.1", 5);
    cluster = new HaLocalCluster(dir, WeftConfig.empty(), ports.get(0),
        List.of(new int[] {ports.get(1), ports.get(2)}, new int[] {ports.get(3), ports.get(4)}), true);
    cluster.start(1, 4096, 4);
    Properties clientFile = clientConfigFile();
    clientConfig = WeftConfig.of(toMap(clientFile));
    assertThat(clientFile).containsEntry(CommonKeys.TLS_ENABLED.key(), "true")
        .containsEntry(CommonKeys.RM_HA_RM_IDS.key(), "rm1,rm2");

    Map<String, HostPort> webs = cluster.webAddresses();
    String active = cluster.haStates().awaitState(webs, "ACTIVE", FAILOVER);
    String standby = active.equals("rm1") ? "rm2" : "rm1";
    // both RMs start together: the other may still be INITIALIZING when the first is already active
    await().atMost(FAILOVER).untilAsserted(() ->
        assertThat(cluster.haStates().states(webs)).containsEntry(standby, "STANDBY"));
    CliRun states = cli("rmadmin", "-getAllServiceState");
    assertThat(states.exit()).as("%s", states).isZero();
    assertThat(states.out().lines().toList()).as("%s", states).hasSize(2)
        .anyMatch(line -> line.endsWith(" active")).anyMatch(line -> line.endsWith(" standby"));
    assertThat(standbyRedirect(webs.get(standby))).isEqualTo("https://" + webs.get(active) + "/cluster/apps");
    assertShellSucceeds();
    assertTheStateIsTheRmsAlone();

    cluster.resourceManager(active).destroyForcibly();

    await(standby + " to become ACTIVE after " + active + " was killed").atMost(FAILOVER)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> cluster.haStates().stateOf(webs.get(standby)), "ACTIVE"::equals);
    assertShellSucceeds();
  }

  /**
   * The embedded ZooKeeper speaks TLS only; the RMs' ZooKeeper credential is their owner's alone, and a
   * client with a certificate of the cluster CA but without that credential reads and deletes nothing.
   */
  private void assertTheStateIsTheRmsAlone() throws Exception {
    Path credential = dir.resolve("security").resolve(ZkCredentialFile.NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credential))).isEqualTo("rw-------");
    assertThat(clientConfig.raw(HaKeys.ZK_AUTH.key())).as("the client configuration").isEmpty();
    try (CuratorFramework plaintext = CuratorFrameworkFactory.builder().connectString(cluster.zooKeeperAddress())
        .connectionTimeoutMs(1_000).retryPolicy(new RetryNTimes(0, 100)).build()) {
      plaintext.start();
      assertThat(plaintext.blockUntilConnected(2, TimeUnit.SECONDS)).as("a plaintext client connected").isFalse();
    }
    try (ZkClientTls userTls = ZkClientTls.of(clientConfig.with(HaKeys.ZK_SSL_ENABLED, true));
        CuratorFramework stranger = userTls.applyTo(CuratorFrameworkFactory.builder()
            .connectString(cluster.zooKeeperAddress()).retryPolicy(new RetryNTimes(3, 100))).build()) {
      stranger.start();
      assertThat(stranger.blockUntilConnected(20, TimeUnit.SECONDS)).as("the user's TLS client connected").isTrue();
      assertThatThrownBy(() -> stranger.getData().forPath("/weft/local-cluster/store/identity"))
          .isInstanceOf(KeeperException.NoAuthException.class);
      assertThatThrownBy(() -> stranger.delete().deletingChildrenIfNeeded().forPath("/weft/local-cluster/store"))
          .isInstanceOf(KeeperException.NoAuthException.class);
    }
  }

  private void assertShellSucceeds() {
    CliRun run = cli("distributed-shell", "--num-containers", "1", "--container-memory", "256m",
        "--shell-command", "echo secure-ha");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("final status SUCCEEDED").contains("Tracking URL: https://");
  }

  /** Where the standby's console sends a browser: the active's, over https. */
  private String standbyRedirect(HostPort standbyWeb) throws Exception {
    HttpClient https = HttpClient.newBuilder().sslContext(TlsSettings.of(clientConfig).sslContext())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> answer = https.send(HttpRequest.newBuilder(URI.create("https://" + standbyWeb
        + "/cluster/apps")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(307);
    return answer.headers().firstValue("Location").orElseThrow();
  }

  private Properties clientConfigFile() throws IOException {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(cluster.confDir().resolve("weft-site.properties"))) {
      props.load(in);
    }
    return props;
  }

  private static Map<String, String> toMap(Properties props) {
    Map<String, String> map = new java.util.TreeMap<>();
    props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name)));
    return map;
  }

  /** Runs {@code bin/weft <args>}'s client side with the configuration the cluster wrote for clients. */
  private CliRun cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new WeftCli(new CliContext(clientConfig, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).run(args);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record CliRun(int exit, String out, String err) {}
}
