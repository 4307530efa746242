package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.it.MiniWeftCluster.CliRun;
import io.weft.nm.NodeManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log aggregation end to end on a local cluster (two NodeManagers, each with its own log dir, nothing shared but
 * the network to the embedded history server): a distributed shell's logs are uploaded when it ends, REST says
 * SUCCEEDED, and {@code weft logs} prints them, with its selections, after the NodeManagers are gone with their
 * log dirs.
 */
class LogAggregationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CONTAINER = Pattern.compile("Container: (container_\\d+_\\d+_01_(\\d+)) on 127\\.0\\.0\\.1_\\d+");

  private MiniWeftCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void logsAreReadableWithWeftLogsAfterTheApplicationAndItsNodesAreGone(@TempDir Path workDir) throws Exception {
    cluster = new MiniWeftCluster(workDir.resolve("cluster"), 2, WeftConfig.empty());
    CliRun shell = cluster.cli("distributed-shell", "--num-containers", "3", "--container-memory", "256m",
        "--shell-command", "echo \"hello from $CONTAINER_ID\"; echo oops >&2");
    assertThat(shell.exit()).as("%s", shell).isZero();
    ApplicationId app = shell.submittedApplication();

    String rest = "http://" + cluster.cluster().rmWebAddress() + "/ws/v1/cluster/apps/" + app;
    await().atMost(Duration.ofSeconds(60)).until(() ->
        JSON.readTree(Http.get(rest)).path("app").path("logAggregationStatus").asText().equals("SUCCEEDED"));

    for (NodeManager nm : cluster.cluster().nodeManagers()) {
      Path logs = nm.logDir();
      nm.close();
      try (var paths = Files.walk(logs)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      assertThat(logs).doesNotExist();
    }

    CliRun all = cluster.cli("logs", "-applicationId", app.toString());
    assertThat(all.exit()).as("%s", all).isZero();
    Matcher containers = CONTAINER.matcher(all.out());
    int seen = 0;
    String worker = null;
    while (containers.find()) {
      seen++;
      if (!containers.group(2).equals("000001")) {
        worker = containers.group(1);
      }
    }
    assertThat(seen).as("a stdout and a stderr of the AM and of 3 workers\n%s", all).isEqualTo(8);
    assertThat(all.out()).contains("LogAggregationType: AGGREGATED", "LogType:stdout", "LogType:stderr",
        "LogContents:", "End of LogType:stdout", "hello from " + worker + "\n", "oops\n");

    CliRun one = cluster.cli("logs", "-applicationId", app.toString(), "-containerId", worker, "-log_files", "stdout");
    assertThat(one.exit()).as("%s", one).isZero();
    assertThat(one.out()).contains("Container: " + worker + " on ", "LogType:stdout",
        "LogLength:" + ("hello from " + worker + "\n").length(), "hello from " + worker)
        .doesNotContain("LogType:stderr");
    assertThat(CONTAINER.matcher(one.out()).results().count()).isEqualTo(1);

    CliRun head = cluster.cli("logs", "-applicationId", app.toString(), "-containerId", worker, "-log_files",
        "stdout", "-size", "5");
    assertThat(head.out()).contains("LogContents:\nhello\nEnd of LogType:stdout");
    CliRun tail = cluster.cli("logs", "-applicationId", app.toString(), "-containerId", worker, "-log_files",
        "stdout", "-size", "-7");
    assertThat(tail.exit()).as("%s", tail).isZero();
    assertThat(tail.out()).contains("LogContents:\n" + worker.substring(worker.length() - 6) + "\n\nEnd of LogType");

    // The console's log page of a container whose node is gone reads the aggregated copy.
    String page = Http.get("http://" + cluster.cluster().rmWebAddress() + "/logs/" + worker + "/stdout");
    assertThat(page).contains("from the aggregated log store", "hello from " + worker);

    CliRun am = cluster.cli("logs", "-applicationId", app.toString(), "-am", "1");
    assertThat(am.exit()).as("%s", am).isZero();
    assertThat(CONTAINER.matcher(am.out()).results().map(m -> m.group(2)).distinct().toList()).containsExactly("000001");

    CliRun unknownApp = cluster.cli("logs", "-applicationId", "application_1700000000000_9999");
    assertThat(unknownApp.exit()).as("%s", unknownApp).isEqualTo(1);
    assertThat(unknownApp.err()).contains("application_1700000000000_9999");
    CliRun badId = cluster.cli("logs", "-applicationId", "app-1");
    assertThat(badId.exit()).as("%s", badId).isEqualTo(2);
    assertThat(badId.err()).contains("app-1");
    String missing = worker.substring(0, worker.length() - 6) + "000099";
    CliRun unknownContainer = cluster.cli("logs", "-applicationId", app.toString(), "-containerId", missing);
    assertThat(unknownContainer.exit()).as("%s", unknownContainer).isEqualTo(1);
    assertThat(unknownContainer.err()).contains(missing);
  }
}
