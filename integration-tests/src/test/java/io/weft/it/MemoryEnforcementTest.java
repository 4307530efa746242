package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.common.config.WeftConfig;
import io.weft.it.MiniWeftCluster.CliRun;
import io.weft.nm.NmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory enforcement on a real cluster (real RM, real NMs, containers as real processes): a
 * container that allocates 3 GB in 512 MB ends -104 with YARN's diagnostic, seen by its AM and in the
 * RM's REST API, and the cluster runs the next application as before; the NMs' measured use reaches
 * the RM's node reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryEnforcementTest {
  private static final Pattern SUBMITTED = Pattern.compile("Submitted application application_(\\d+_\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private MiniWeftCluster cluster;
  private Path workDir;

  @BeforeAll
  void startCluster(@TempDir Path workDir) {
    this.workDir = workDir;
    cluster = new MiniWeftCluster(workDir.resolve("cluster"), 2,
        // A 512 MB container is 512 MB (not rounded up to YARN's default 1 GB minimum allocation).
        WeftConfig.of(Map.of(NmKeys.CONTAINER_MONITOR_INTERVAL.key(), "100",
            "weft.scheduler.minimum-allocation-mb", "256")));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private CliRun shell(String memory, int containers, String command) {
    return cluster.cli("distributed-shell", "--num-containers", Integer.toString(containers), "--container-memory",
        memory, "--shell-command", command);
  }

  @Test
  void containerAllocating3GbIn512Mb_endsMinus104WithTheDiagnostic_andTheClusterRunsOn() throws Exception {
    Path marker = workDir.resolve("hog");
    CliRun hogRun = shell("512m", 2, "if mkdir " + marker + "; then head -c 3G /dev/zero | tail -n 1 > /dev/null; fi");

    assertThat(hogRun.exit()).as("%s", hogRun).isEqualTo(1);
    assertThat(hogRun.out()).containsPattern(
        "2 containers: 1 succeeded, 1 failed \\(container_\\d+_\\d+_01_\\d+: exit -104, Container \\[pid=\\d+,"
            + "containerID=container_\\d+_\\d+_01_\\d+\\] is running beyond physical memory limits");
    JsonNode hog = containers(hogRun).stream().filter(c -> c.path("containerExitStatus").asInt() == -104)
        .findFirst().orElseThrow(() -> new AssertionError("no -104 container in the RM's REST API"));
    assertThat(hog.path("diagnosticsInfo").asText())
        .containsPattern("^Container \\[pid=\\d+,containerID=" + hog.path("containerId").asText() + "\\] is running "
            + "beyond physical memory limits\\. Current usage: \\d+(\\.\\d)? [MG]B of 512 MB physical memory used\\. "
            + "Killing container\\.")
        .contains("Dump of the process-tree");

    CliRun next = shell("256m", 4, "echo fine");
    assertThat(next.exit()).as("%s", next).isZero();
    assertThat(next.out()).contains("4 containers: 4 succeeded");
  }

  @Test
  void nodeReports_showWhatTheNodeManagersMeasured() throws Exception {
    CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> shell("256m", 2, "sleep 8"));
    try {
      await("a node reports its containers' measured memory").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> nodes().stream().anyMatch(n -> n.path("resourceUtilization")
              .path("aggregatedContainersPhysicalMemoryMB").asLong() > 0));
      for (JsonNode n : nodes()) {
        assertThat(n.path("resourceUtilization").path("nodePhysicalMemoryMB").asLong())
            .as("host memory in use on %s", n.path("id").asText()).isPositive();
      }
    } finally {
      assertThat(running.join().exit()).isZero();
    }
  }

  private List<JsonNode> nodes() throws Exception {
    JsonNode list = JSON.readTree(Http.get("http://" + cluster.cluster().rmWebAddress() + "/ws/v1/cluster/nodes"))
        .path("nodes").path("node");
    List<JsonNode> out = new ArrayList<>();
    list.forEach(out::add);
    return out;
  }

  private List<JsonNode> containers(CliRun run) throws Exception {
    Matcher m = SUBMITTED.matcher(run.out());
    assertThat(m.find()).as("printed the application id\n%s", run).isTrue();
    String app = "application_" + m.group(1);
    String attempt = "appattempt_" + m.group(1) + "_000001";
    JsonNode list = JSON.readTree(Http.get("http://" + cluster.cluster().rmWebAddress() + "/ws/v1/cluster/apps/" + app
        + "/appattempts/" + attempt + "/containers")).path("container");
    List<JsonNode> out = new ArrayList<>();
    list.forEach(out::add);
    return out;
  }
}
