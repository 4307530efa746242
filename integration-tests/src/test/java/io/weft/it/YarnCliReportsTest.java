package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.AppSubmission;
import io.weft.client.WeftClient;
import io.weft.client.cli.WeftCli;
import io.weft.client.records.ContainerReport;
import io.weft.client.records.ContainerState;
import io.weft.client.records.NodeReport;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.security.AuthHeaders;
import io.weft.it.MiniWeftCluster.CliRun;
import io.weft.common.resource.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft applicationattempt}, {@code container} and {@code node -status} against a real cluster running one
 * application whose AM container sleeps: YARN's headers and report blocks, and the error cases (unknown id: exit 1
 * naming it; malformed id: usage error, exit 2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YarnCliReportsTest {
  private MiniWeftCluster cluster;
  private ApplicationId app;
  private ApplicationAttemptId attempt;
  private ContainerReport amContainer;

  @BeforeAll
  void start(@TempDir Path dir) {
    cluster = new MiniWeftCluster(dir.resolve("cluster"), 1, WeftConfig.empty());
    try (WeftClient client = cluster.client()) {
      app = client.createApplication().id();
      client.submitApplication(AppSubmission.builder(app).name("sleeper").maxAttempts(1)
          .amResource(Resource.of(256, 1))
          .command(List.of("sleep", "600")).build());
      attempt = new ApplicationAttemptId(app, 1);
      amContainer = await().atMost(Duration.ofSeconds(30)).until(() -> client.getContainers(attempt).stream()
          .filter(c -> c.getContainerState() == ContainerState.RUNNING).findFirst().orElse(null),
          c -> c != null);
    }
  }

  @AfterAll
  void stop() {
    if (cluster == null) {
      return;
    }
    try (WeftClient client = cluster.client()) {
      client.killApplication(app);
      await().atMost(Duration.ofSeconds(30)).until(() -> WeftClient.isFinal(client.getApplicationReport(app).getYarnApplicationState()));
    } finally {
      cluster.close();
    }
  }

  @Test
  void applicationAttemptList_andStatus_showTheAttemptAndItsAmContainer() {
    CliRun list = cluster.cli("applicationattempt", "-list", app.toString());
    assertThat(list.exit()).as("%s", list).isZero();
    assertThat(list.out()).startsWith("Total number of application attempts :1\n")
        .containsPattern("ApplicationAttempt-Id\\t\\s*State\\t\\s*AM-Container-Id\\t\\s*Tracking-URL")
        .containsPattern(attempt + "\\t\\s*(LAUNCHED|RUNNING)\\t\\s*" + amContainer.getContainerId());

    CliRun status = cluster.cli("applicationattempt", "-status", attempt.toString());
    assertThat(status.exit()).as("%s", status).isZero();
    assertThat(status.out()).startsWith("Application Attempt Report : \n")
        .contains("\tApplicationAttempt-Id : " + attempt + "\n", "\tAMContainer : " + amContainer.getContainerId());
  }

  @Test
  void applicationAttempt_unknownOrMalformed_isNamedWithWeftsExitCodes() {
    CliRun secondAttempt = cluster.cli("applicationattempt", "-status", new ApplicationAttemptId(app, 2).toString());
    assertThat(secondAttempt.exit()).isEqualTo(1);
    assertThat(secondAttempt.err()).contains("Application Attempt with id '" + new ApplicationAttemptId(app, 2)
        + "' doesn't exist in RM.");
    ApplicationAttemptId ofUnknownApp = new ApplicationAttemptId(new ApplicationId(app.clusterTimestamp(), 9999), 1);
    CliRun unknownApp = cluster.cli("applicationattempt", "-status", ofUnknownApp.toString());
    assertThat(unknownApp.exit()).isEqualTo(1);
    assertThat(unknownApp.err()).contains("Application Attempt with id '" + ofUnknownApp + "' doesn't exist in RM");
    CliRun listUnknown = cluster.cli("applicationattempt", "-list", ofUnknownApp.applicationId().toString());
    assertThat(listUnknown.exit()).isEqualTo(1);
    assertThat(listUnknown.err()).contains(ofUnknownApp.applicationId().toString());
    CliRun malformed = cluster.cli("applicationattempt", "-status", "attempt-one");
    assertThat(malformed.exit()).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(malformed.err()).contains("'attempt-one'");
    assertThat(cluster.cli("applicationattempt").exit()).isEqualTo(WeftCli.USAGE_ERROR);
  }

  @Test
  void containerList_byAttemptOrApplication_andStatus_showTheRunningAmContainerWithItsLogLink() {
    String logUrl = "http://" + amContainer.getNodeHttpAddress() + "/node/containerlogs/"
        + amContainer.getContainerId() + "/" + AuthHeaders.localUser();
    for (String owner : List.of(attempt.toString(), app.toString())) {
      CliRun list = cluster.cli("container", "-list", owner);
      assertThat(list.exit()).as("%s", list).isZero();
      assertThat(list.out()).startsWith("Total number of containers :1\n")
          .containsPattern("Container-Id\\t\\s*Start Time\\t\\s*Finish Time\\t\\s*State\\t\\s*Host\\t\\s*"
              + "Node Http Address\\t\\s*LOG-URL")
          .containsPattern(amContainer.getContainerId() + "\\t.*\\t\\s*N/A\\t\\s*RUNNING\\t\\s*"
              + amContainer.getAssignedNode() + "\\t.*" + logUrl);
    }
    CliRun status = cluster.cli("container", "-status", amContainer.getContainerId().toString());
    assertThat(status.exit()).as("%s", status).isZero();
    assertThat(status.out()).startsWith("Container Report : \n").contains("\tContainer-Id : "
        + amContainer.getContainerId() + "\n", "\tState : RUNNING\n", "\tLOG-URL : " + logUrl + "\n",
        "\tHost : " + amContainer.getAssignedNode() + "\n", "\tFinish-Time : N/A\n");
  }

  @Test
  void container_unknownOrMalformed_isNamedWithWeftsExitCodes() {
    String unknown = amContainer.getContainerId().toString().replaceFirst("_\\d{6}$", "_000099");
    CliRun missing = cluster.cli("container", "-status", unknown);
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("Container with id '" + unknown + "' doesn't exist in RM.");
    String ofSecondAttempt = new ApplicationAttemptId(app, 2).toString();
    CliRun listMissing = cluster.cli("container", "-list", ofSecondAttempt);
    assertThat(listMissing.exit()).isEqualTo(1);
    assertThat(listMissing.err()).contains("Application Attempt with id '" + ofSecondAttempt + "' doesn't exist");
    CliRun malformed = cluster.cli("container", "-status", "container_x");
    assertThat(malformed.exit()).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(malformed.err()).contains("'container_x' is not a valid container id");
  }

  @Test
  void nodeStatus_printsTheNodeReport_andListFiltersByState() {
    NodeReport node;
    try (WeftClient client = cluster.client()) {
      node = client.getNodeReports().get(0);
    }
    CliRun status = cluster.cli("node", "-status", node.getNodeId().toString());
    assertThat(status.exit()).as("%s", status).isZero();
    assertThat(status.out()).startsWith("Node Report : \n").contains("\tNode-Id : " + node.getNodeId() + "\n",
        "\tNode-State : RUNNING\n", "\tNode-Http-Address : " + node.getHttpAddress() + "\n", "\tContainers : 1\n",
        "\tMemory-Used : " + amContainer.getAllocatedResource().memoryMb() + "MB\n", "\tMemory-Capacity : " + node.getCapability().memoryMb() + "MB\n",
        "\tCPU-Used : 1 vcores\n");

    CliRun all = cluster.cli("node", "-list", "-all");
    assertThat(all.out()).startsWith("Total Nodes:1\n").contains(node.getNodeId().toString());
    CliRun lost = cluster.cli("node", "-list", "-states", "LOST,DECOMMISSIONED");
    assertThat(lost.exit()).isZero();
    assertThat(lost.out()).startsWith("Total Nodes:0\n");

    CliRun missing = cluster.cli("node", "-status", "127.0.0.1:1");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("Could not find the node report for node id : 127.0.0.1:1");
    CliRun malformed = cluster.cli("node", "-status", "no-port");
    assertThat(malformed.exit()).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(malformed.err()).contains("no-port");
    assertThat(cluster.cli("node", "-list", "-status", node.getNodeId().toString()).exit()).isEqualTo(WeftCli.USAGE_ERROR);
  }

  @Test
  void topOnce_printsTheClusterQueuesAndTheRunningApplication() {
    CliRun top = cluster.cli("top", "--once");
    assertThat(top.exit()).as("%s", top).isZero();
    assertThat(top.out()).startsWith("Weft top - ").doesNotContain("\033[")
        .contains("NodeManager(s): 1 total, 1 active, 0 unhealthy", "Cluster Applications: 0 running, 1 submitted, 1 pending",
            "Cluster Containers: 1 allocated", "Queue root.default: RUNNING")
        .containsPattern("APPLICATIONID\\s+USER\\s+TYPE\\s+QUEUE\\s+PRIOR\\s+#CONT")
        .containsPattern(app + "\\s+" + AuthHeaders.localUser() + "\\s+\\S+\\s+default\\s+0\\s+1\\s+0\\s+1\\s+")
        .contains("sleeper");
    CliRun otherQueue = cluster.cli("top", "--once", "-queues", "elsewhere");
    assertThat(otherQueue.out()).doesNotContain(app.toString());
  }

  @Test
  void topLive_redrawsEachFrame_andRefusesAZeroDelay() {
    CliRun live = cluster.cli("top", "-delay", "1", "-n", "2");
    assertThat(live.exit()).as("%s", live).isZero();
    assertThat(live.out().split("\033\\[H\033\\[2J", -1)).as("two cleared frames").hasSize(3);
    assertThat(cluster.cli("top", "-delay", "0").exit()).isEqualTo(WeftCli.USAGE_ERROR);
  }

  @Test
  void applicationStatus_printsTheMemorySecondsRestReports() {
    CliRun status = cluster.cli("application", "-status", app.toString());
    java.util.regex.Matcher printed = java.util.regex.Pattern.compile("Aggregate Resource Allocation : (\\d+) "
        + "MB-seconds, (\\d+) vcore-seconds").matcher(status.out());
    assertThat(printed.find()).as("%s", status).isTrue();
    long cliMbSeconds = Long.parseLong(printed.group(1));
    String rest = Http.get(cluster.cluster().rmWebUrl() + "/ws/v1/cluster/apps/" + app);
    java.util.regex.Matcher json = java.util.regex.Pattern.compile("\"memorySeconds\":(\\d+)").matcher(rest);
    assertThat(json.find()).as(rest).isTrue();
    long restMbSeconds = Long.parseLong(json.group(1));
    // the AM container has run for a while by now; REST, asked a moment later, reports at most a few seconds more
    assertThat(cliMbSeconds).isPositive().isLessThanOrEqualTo(restMbSeconds);
    assertThat(restMbSeconds - cliMbSeconds).isLessThanOrEqualTo(amContainer.getAllocatedResource().memoryMb() * 5L);
  }
}
