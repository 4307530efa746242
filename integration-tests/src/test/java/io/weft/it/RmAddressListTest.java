package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.nm.NmConfig;
import io.weft.nm.NmKeys;
import io.weft.nm.NodeManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HA configuration whose first ResourceManager is dead (a port nobody listens on) and whose second
 * is the real RM: a real NodeManager registers and runs containers (fetching a staged script) through
 * it, and {@code weft distributed-shell} submits and follows its application to the end, each failing
 * over by itself. (A second live RM needs the HA RM; real failover between two is tested after merging.)
 */
class RmAddressListTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern SUBMITTED = Pattern.compile("Submitted application (application_\\d+_\\d+)");

  @TempDir Path workDir;

  private static HostPort dead() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new HostPort("127.0.0.1", socket.getLocalPort());
    }
  }

  /** rm1 dead, rm2 the real RM, as an HA site file would name them. */
  private static WeftConfig haPair(HostPort dead, HostPort deadWeb, MiniWeftCluster cluster) {
    return WeftConfig.of(Map.of(
        "weft.resourcemanager.ha.enabled", "true",
        "weft.resourcemanager.ha.rm-ids", "rm1,rm2",
        "weft.resourcemanager.address.rm1", dead.toString(),
        "weft.resourcemanager.webapp.address.rm1", deadWeb.toString(),
        "weft.resourcemanager.address.rm2", cluster.cluster().rmAddress().toString(),
        "weft.resourcemanager.webapp.address.rm2", cluster.cluster().rmWebAddress().toString(),
        "weft.resourcemanager.connect.retry-interval-ms", "200"));
  }

  @Test
  void nodeManagerAndClient_givenADeadRmFirst_failOverToTheLiveOne_andRunAnApplication() throws Exception {
    HostPort dead = dead();
    HostPort live;
    try (MiniWeftCluster cluster = new MiniWeftCluster(workDir.resolve("cluster"), 0, WeftConfig.empty())) {
      live = cluster.cluster().rmAddress();
      WeftConfig ha = haPair(dead, dead(), cluster);
      try (NodeManager nm = nodeManager(ha, workDir.resolve("nm"))) {
        await("the NodeManager registering with the live RM").atMost(TIMEOUT).until(nm::isRegistered);

        Path script = Files.writeString(workDir.resolve("greet.sh"), "echo \"failed over: $1\"\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new WeftCli(new CliContext(ha, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))).run("distributed-shell", "--num-containers", "1",
            "--container-memory", "256m", "--shell-script", script.toString(), "--shell-args", "yes");
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);

        assertThat(exit).as("stdout:\n%s\nstderr:\n%s", stdout, stderr).isZero();
        assertThat(stdout).contains("state FINISHED, final status SUCCEEDED");
        assertThat(stderr).contains("lost the ResourceManager at " + dead + " (UNAVAILABLE: ")
            .contains("failing over along " + dead + "," + live)
            .contains("reconnected to the ResourceManager at " + live + " (failed over from " + dead + ")");
        Matcher submitted = SUBMITTED.matcher(stdout);
        assertThat(submitted.find()).isTrue();
        Path appLogs = workDir.resolve("nm").resolve("logs").resolve(submitted.group(1));
        try (var containers = Files.list(appLogs)) {
          assertThat(containers.filter(dir -> !dir.getFileName().toString().endsWith("_000001"))
              .map(dir -> dir.resolve("stdout")).map(RmAddressListTest::read))
              .containsExactly("failed over: yes\n");
        }
      }
    }
  }

  private static NodeManager nodeManager(WeftConfig ha, Path dir) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(NmKeys.ADDRESS.key(), "127.0.0.1:0");
    values.put(NmKeys.WEBAPP_ADDRESS.key(), "127.0.0.1:0");
    values.put(NmKeys.MEMORY_MB.key(), "4096");
    values.put(NmKeys.CPU_VCORES.key(), "4");
    values.put(NmKeys.RM_RETRY_INTERVAL.key(), "200");
    values.put(NmKeys.WARM_JVMS_ENABLED.key(), "false");
    values.put(NmKeys.LOCAL_DIRS.key(), dir.resolve("local").toString());
    values.put(NmKeys.LOG_DIRS.key(), dir.resolve("logs").toString());
    NodeManager nm = new NodeManager(NmConfig.from(ha.with(values).validate()), Clock.systemUTC());
    nm.start();
    return nm;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
