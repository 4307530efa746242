package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.dist.ContainerLogs;
import io.weft.it.MiniWeftCluster.CliRun;
import io.weft.nm.NmConfig;
import io.weft.nm.NmKeys;
import io.weft.nm.NodeManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node where every executor fails: a real NodeManager whose containers cannot run Java (its
 * {@code weft.nodemanager.java-home} names no JDK), small enough that only an executor fits, and
 * first in line for each one (placement {@code pack}). The application excludes it after
 * {@code maxFailedExecutorsPerNode} failures, tells the RM in its Allocate blacklist, and Pi
 * finishes on the healthy nodes; without the exclusion every replacement goes back to the broken
 * node until the executor failures run out.
 */
class ExcludeFailingNodeTest {

  @Test
  void executorsFailingOnOneNode_excludeIt_andTheJobFinishesOnTheOthers(@TempDir Path workDir) throws IOException {
    WeftConfig config = WeftConfig.of(Map.of("weft.scheduler.placement", "pack"));
    try (MiniWeftCluster cluster = new MiniWeftCluster(workDir, 2, config)) {
      NodeManager broken = brokenNode(cluster, workDir.resolve("nm-broken"));
      try {
        Awaitility.await("the broken node to register").atMost(Duration.ofSeconds(30)).until(broken::isRegistered);
        String brokenId = broken.nodeId().toString();

        CliRun run = cluster.cli("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.Pi",
            "--num-executors", "2", "--executor-memory", "512m", "--driver-memory", "1g",
            "--conf", "weft.excludeOnFailure.enabled=true",
            MiniWeftCluster.EXAMPLES_JAR.toString(), "4");
        ApplicationId id = run.submittedApplication();
        String amLog = amLogs(cluster, id);
        assertThat(run.exit()).as("%s\n--- AM log\n%s", run, amLog).isZero();
        try (WeftClient client = cluster.client()) {
          ApplicationReport report = client.getApplicationReport(id);
          assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
          assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
        }
        assertThat(amLog).contains("excluding node " + brokenId + " for this application")
            .contains("2 executors failed there");
        String attempts = Http.get("http://" + cluster.cluster().rmWebAddress() + "/ws/v1/cluster/apps/" + id
            + "/appattempts");
        assertThat(attempts).as("the RM got the blacklist").contains("\"blacklistedNodes\":\"" + brokenId + "\"");
      } finally {
        broken.close();
      }
    }
  }

  /** A real NodeManager of 1 GB (one executor, never the AM) whose containers cannot start a JVM. */
  private static NodeManager brokenNode(MiniWeftCluster cluster, Path dir) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(CommonKeys.RM_ADDRESS.key(), cluster.cluster().rmAddress().toString());
    values.put(NmKeys.ADDRESS.key(), "127.0.0.1:0");
    values.put(NmKeys.WEBAPP_ADDRESS.key(), "127.0.0.1:0");
    values.put(NmKeys.MEMORY_MB.key(), "1024");
    values.put(NmKeys.CPU_VCORES.key(), "8");
    values.put(NmKeys.LOCAL_DIRS.key(), dir.resolve("local").toString());
    values.put(NmKeys.LOG_DIRS.key(), dir.resolve("logs").toString());
    values.put(NmKeys.JAVA_HOME.key(), dir.resolve("no-jdk-here").toString());
    values.put(NmKeys.WARM_JVMS_ENABLED.key(), "false");
    NodeManager nm = new NodeManager(NmConfig.from(WeftConfig.of(values).validate()), Clock.systemUTC());
    nm.start();
    return nm;
  }


  private static String amLogs(MiniWeftCluster cluster, ApplicationId id) throws IOException {
    List<String> out = new ArrayList<>();
    for (String file : new String[] {"stdout", "stderr"}) {
      var log = ContainerLogs.amLog(cluster.cluster(), id, file);
      if (log.isPresent()) {
        out.add(Files.readString(log.get()));
      }
    }
    return String.join("\n", out);
  }
}
