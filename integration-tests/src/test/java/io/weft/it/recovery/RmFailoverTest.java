package io.weft.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import io.weft.it.recovery.ProcessCluster.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * ResourceManager HA end to end: two RM processes elected through a real ZooKeeper, NodeManager
 * processes, clients and AMs that know both RMs. The active RM is killed -9, frozen past its session,
 * handed over with rmadmin, and the whole pair is restarted; running applications end as an
 * undisturbed run would, nothing is started twice, and an old active never writes after it lost.
 */
@Tag("recovery")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RmFailoverTest {
  private static final Map<String, String> CONF = Map.of("weft.resourcemanager.connect.max-wait-ms", "120000");
  private static final Duration FAILOVER = Duration.ofSeconds(60);
  private static final int WORDCOUNT_LINES = 300_000;
  private static final String CLUSTER_ID = "failover-test";

  private TestingServer zooKeeper;
  private ProcessCluster cluster;
  private Path data;
  private Path input;
  private List<String> expectedCounts;

  @BeforeAll
  void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir) throws Exception {
    data = RmRestartTest.createDirectories(workDir.resolve("data"));
    input = data.resolve("words.txt");
    expectedCounts = Jobs.writeWordCountInput(input, WORDCOUNT_LINES, 20_000, 7);
    zooKeeper = QuickZooKeeper.create(workDir.resolve("zookeeper").toFile(), true);
    Map<String, String> conf = new java.util.HashMap<>(CONF);
    conf.put("weft.resourcemanager.cluster-id", CLUSTER_ID);
    cluster = ProcessCluster.withHa(workDir.resolve("cluster"), 2, 2, conf, zooKeeper.getConnectString()).start();
  }

  @AfterAll
  void stopCluster() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (zooKeeper != null) {
        zooKeeper.close();
      }
    }
  }

  /** Whatever a test did to the RMs, the next one starts with both running and one active. */
  @AfterEach
  void bothRmsUp() {
    for (int r = 0; r < cluster.resourceManagers(); r++) {
      if (cluster.rmAlive(r)) {
        cluster.sigcontRm(r); // a test that failed half-way may have left it frozen
      } else {
        cluster.startRm(r);
      }
    }
    cluster.awaitOneActive(FAILOVER);
    cluster.awaitNodesRunning();
  }

  @Test
  void kill9OfTheActive_whileAWordCountAndADistributedShellRun_bothSucceedOnTheStandby_nothingStartedTwice()
      throws Exception {
    int active = cluster.awaitOneActive(FAILOVER);
    Path out = data.resolve("wc-failover");
    Set<String> before = Jobs.applicationIds(cluster);
    CompletableFuture<CliRun> wordCount = cluster.cliInBackground(
        Jobs.submit("cluster", "io.weft.examples.WordCount", input.toString(), out.toString(), "4"));
    ApplicationId wc = Jobs.awaitNewApplication(cluster, before);
    Map<String, Set<Long>> executors = Jobs.awaitExecutorsRegistered(cluster, wc, 2);
    before = Jobs.applicationIds(cluster);
    CompletableFuture<CliRun> shell = cluster.cliInBackground("distributed-shell", "--num-containers", "3",
        "--shell-command", "sleep 8", "--container-memory", "256m");
    ApplicationId ds = Jobs.awaitNewApplication(cluster, before);
    Map<String, Set<Long>> shellContainers = Jobs.awaitRunningWithContainers(cluster, ds, 3);

    cluster.killRm(active);
    int successor = cluster.awaitOneActive(FAILOVER);

    assertThat(successor).isNotEqualTo(active);
    CliRun wcRun = wordCount.get(Jobs.APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(wcRun.exit()).as("%s", wcRun).isZero();
    assertThat(Jobs.submittedId(wcRun)).isEqualTo(wc);
    assertThat(Jobs.partLines(out)).isEqualTo(expectedCounts);
    assertSucceeded(wc);
    assertThat(Jobs.assertEveryContainerLaunchedOnce(cluster, wc)).filteredOn(c -> !Jobs.isAmContainer(c))
        .containsExactlyInAnyOrderElementsOf(executors.keySet());
    CliRun shellRun = shell.get(Jobs.APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(shellRun.exit()).as("%s", shellRun).isZero();
    assertThat(shellRun.out()).contains("3 containers: 3 succeeded");
    assertThat(assertSucceeded(ds).getDiagnostics()).isEqualTo("3 containers: 3 succeeded");
    assertThat(Jobs.assertEveryContainerLaunchedOnce(cluster, ds)).hasSize(4).containsAll(shellContainers.keySet());
  }

  @Test
  void anActiveFrozenPastItsSession_losesToTheStandby_andWhenThawedStepsDownWithoutWritingTheStore()
      throws Exception {
    int frozen = cluster.awaitOneActive(FAILOVER);
    assertThat(shell("true").exit()).isZero();

    cluster.sigstopRm(frozen);
    int successor = awaitActiveOtherThan(frozen);
    CliRun onSuccessor = shell("true");
    assertThat(onSuccessor.exit()).as("%s", onSuccessor).isZero();
    Map<String, String> storeBefore = storeContent();
    long logBefore = OsProcesses.size(cluster.rmLogFile(frozen));

    cluster.sigcontRm(frozen);
    await("the thawed RM " + ProcessCluster.rmId(frozen) + " to step down to standby").atMost(FAILOVER)
        .until(() -> cluster.haState(frozen).equals("STANDBY"));

    assertThat(cluster.haStates()).containsEntry(ProcessCluster.rmId(successor), "ACTIVE")
        .containsEntry(ProcessCluster.rmId(frozen), "STANDBY");
    assertThat(storeContent()).as("the state store after the old active woke").isEqualTo(storeBefore);
    assertThat(OsProcesses.readFrom(cluster.rmLogFile(frozen), logBefore)).as("what the thawed RM logged")
        .contains(ProcessCluster.rmId(frozen) + " ACTIVE -> STANDBY");
  }

  @Test
  void transitionToStandby_handsOverToTheOtherRm_andARunningShellOnlyPauses() throws Exception {
    int active = cluster.awaitOneActive(FAILOVER);
    Set<String> before = Jobs.applicationIds(cluster);
    CompletableFuture<CliRun> shell = cluster.cliInBackground("distributed-shell", "--num-containers", "2",
        "--shell-command", "sleep 6", "--container-memory", "256m");
    ApplicationId ds = Jobs.awaitNewApplication(cluster, before);
    Jobs.awaitRunningWithContainers(cluster, ds, 2);

    CliRun handOver = cluster.cli("rmadmin", "-transitionToStandby", ProcessCluster.rmId(active));

    assertThat(handOver.exit()).as("%s", handOver).isZero();
    int successor = awaitActiveOtherThan(active);
    await().atMost(FAILOVER).until(() -> cluster.haState(active).equals("STANDBY"));
    CliRun states = cluster.cli("rmadmin", "-getAllServiceState");
    assertThat(states.out()).contains(cluster.rmAddress(successor) + " ").contains("active").contains("standby");
    CliRun shellRun = shell.get(Jobs.APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(shellRun.exit()).as("%s", shellRun).isZero();
    assertThat(Jobs.assertEveryContainerLaunchedOnce(cluster, ds)).hasSize(3);
  }

  @Test
  void bothRmsKilledAndRestarted_everyApplicationIsRecovered() {
    CliRun ok = shell("true");
    CliRun failed = shell("exit 3");
    assertThat(ok.exit()).as("%s", ok).isZero();
    assertThat(failed.exit()).as("%s", failed).isEqualTo(1);
    Map<String, String> ended = Jobs.endedApplications(cluster);

    cluster.killRm(0);
    cluster.killRm(1);
    cluster.startRm(0);
    cluster.startRm(1);
    cluster.awaitOneActive(FAILOVER);
    cluster.awaitNodesRunning();

    assertThat(Jobs.endedApplications(cluster)).containsAllEntriesOf(ended);
    assertThat(shell("true").exit()).isZero();
  }

  // ---------------------------------------------------------------- helpers

  private int awaitActiveOtherThan(int old) {
    int other = 1 - old;
    await(ProcessCluster.rmId(other) + " to become ACTIVE").atMost(FAILOVER).pollInterval(Duration.ofMillis(100))
        .until(() -> cluster.haState(other).equals("ACTIVE"));
    return other;
  }

  private CliRun shell(String command) {
    return cluster.cli("distributed-shell", "--num-containers", "1", "--shell-command", command,
        "--container-memory", "256m");
  }

  private ApplicationReport assertSucceeded(ApplicationId app) {
    ApplicationReport report = Jobs.report(cluster, app);
    assertThat(report.getYarnApplicationState()).as("%s", report).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(report.getFinalApplicationStatus()).as("%s", report).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    return report;
  }

  /** Every znode under the cluster's state store with its version and data, read straight from ZooKeeper. */
  private Map<String, String> storeContent() throws Exception {
    Map<String, String> content = new TreeMap<>();
    try (CuratorFramework zk = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(), 5_000, 5_000,
        new RetryNTimes(3, 200))) {
      zk.start();
      zk.blockUntilConnected();
      read(zk, "/weft/" + CLUSTER_ID + "/store", content);
    }
    return content;
  }

  private static void read(CuratorFramework zk, String path, Map<String, String> into) throws Exception {
    org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
    byte[] bytes = zk.getData().storingStatIn(stat).forPath(path);
    into.put(path, "v" + stat.getVersion() + " " + java.util.Arrays.hashCode(bytes == null ? new byte[0] : bytes));
    for (String child : zk.getChildren().forPath(path)) {
      read(zk, path + "/" + child, into);
    }
  }
}
