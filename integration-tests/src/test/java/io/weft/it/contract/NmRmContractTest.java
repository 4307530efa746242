package io.weft.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.am.client.AllocateResponse;
import io.weft.am.client.AmRmClient;
import io.weft.am.client.Container;
import io.weft.am.client.ContainerLaunchContext;
import io.weft.am.client.ContainerRequest;
import io.weft.am.client.ContainerStatus;
import io.weft.am.client.FinalApplicationStatus;
import io.weft.am.client.NmClientAsync;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.nm.NodeManager;
import io.weft.proto.ContainerState;
import io.weft.rm.config.RmKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NM/RM and AM/RM protocols between the real NodeManager and the real ResourceManager, in-process
 * over real gRPC, with no fake on either side: what the fake RM of the NodeManager's own tests
 * pretends (registration, heartbeats, acknowledged completions, resync, loss) is checked here against
 * the real thing.
 */
class NmRmContractTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ContainerRequest ONE_GB = ContainerRequest.anywhere(Resource.of(1024, 1), 1);
  private static final Pattern CONTAINER_ID = Pattern.compile("\"id\"\\s*:\\s*\"(container_[^\"]+)\"");

  @TempDir Path dir;
  ContractCluster cluster;
  NmClientAsync nmClient;
  final Map<ContainerId, Throwable> startErrors = new ConcurrentHashMap<>();
  final List<ContainerId> started = new java.util.concurrent.CopyOnWriteArrayList<>();

  private void start(Map<String, String> settings) {
    cluster = new ContractCluster(dir, settings);
    nmClient = NmClientAsync.create(ContractCluster.TIMEOUT, new NmClientAsync.CallbackHandler() {
      @Override
      public void onContainerStarted(ContainerId containerId) {
        started.add(containerId);
      }

      @Override
      public void onStartContainerError(ContainerId containerId, Throwable error) {
        startErrors.put(containerId, error);
      }
    });
  }

  @AfterEach
  void stop() {
    if (nmClient != null) {
      nmClient.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void nodeRegisters_andHeartbeats_andTheRmListsItRunning() {
    start(Map.of(RmKeys.NM_HEARTBEAT_INTERVAL.key(), "100"));
    NodeManager nm = cluster.startNodeManager(8192);
    HeartbeatTap tap = cluster.taps.get(0);
    assertThat(tap.registrations).singleElement().satisfies(r -> {
      assertThat(r.getNodeId()).isEqualTo(nm.nodeId().toString());
      assertThat(r.getResource().getMemoryMb()).isEqualTo(8192);
    });
    int seen = tap.heartbeats.size();
    await("heartbeats answered by the RM").atMost(WAIT).until(() -> tap.heartbeats.size() >= seen + 3);
    // the configured interval, spread within 10 % either side so that nodes do not heartbeat in step
    assertThat(tap.heartbeats.get(tap.heartbeats.size() - 1).answer().getNextHeartbeatIntervalMs())
        .isBetween(90L, 110L);
    assertThat(node(nm).getNodeState()).isEqualTo(io.weft.client.records.NodeState.RUNNING);
  }

  @Test
  void containersStarted_stoppedAndCompleted_reachTheAm_andTheNmForgetsThemOnceAcknowledged() {
    start(Map.of(RmKeys.NM_HEARTBEAT_INTERVAL.key(), "200"));
    NodeManager nm = cluster.startNodeManager(8192);
    ContractCluster.HostedAm am = cluster.hostAm();
    am.amrm().addContainerRequest(ONE_GB);
    am.amrm().addContainerRequest(ONE_GB);
    List<Container> granted = grants(am.amrm(), 2);
    Container exits = granted.get(0);
    Container sleeps = granted.get(1);
    nmClient.startContainerAsync(exits, ContainerLaunchContext.of(List.of("bash", "-c", "exit 3")));
    nmClient.startContainerAsync(sleeps, ContainerLaunchContext.of(List.of("sleep", "600")));
    await("both started").atMost(WAIT).until(() -> started.size() == 2 || !startErrors.isEmpty());
    assertThat(startErrors).isEmpty();

    Map<ContainerId, ContainerStatus> completed = new HashMap<>();
    awaitCompleted(am.amrm(), completed, exits.id());
    assertThat(completed.get(exits.id()).exitStatus()).isEqualTo(3);
    assertThat(completed).doesNotContainKey(sleeps.id());

    nmClient.stopContainerAsync(sleeps.id(), sleeps.nodeId());
    awaitCompleted(am.amrm(), completed, sleeps.id());
    assertThat(completed.get(sleeps.id()).exitStatus()).isEqualTo(ExitStatus.KILLED_BY_APPMASTER);

    await("the NM forgets both once the RM has recorded them").atMost(WAIT)
        .until(() -> containersOn(nm), ids -> !ids.contains(exits.id().toString())
            && !ids.contains(sleeps.id().toString()));
  }

  /** YARN's NM lifecycle against the real RM: the RM's applications_to_cleanup ends the application on the NM. */
  @Test
  void endedApplication_isFinishedOnTheNm_withoutContainers_andItsContainersLeaveTheNm() throws Exception {
    start(Map.of(RmKeys.NM_HEARTBEAT_INTERVAL.key(), "200"));
    NodeManager nm = cluster.startNodeManager(8192);
    ContractCluster.HostedAm am = cluster.hostAm();
    am.amrm().addContainerRequest(ONE_GB);
    Container sleeps = grants(am.amrm(), 1).get(0);
    nmClient.startContainerAsync(sleeps, ContainerLaunchContext.of(List.of("sleep", "600")));
    await("started").atMost(WAIT).until(() -> started.size() == 1 || !startErrors.isEmpty());
    assertThat(startErrors).isEmpty();
    String app = "http://" + nm.webAddress() + "/ws/v1/node/apps/" + am.id();
    assertThat(get(app)).contains("\"state\":\"RUNNING\"").contains(sleeps.id().toString());

    am.amrm().unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "", "");

    await("the application FINISHED on the NM, without containers").atMost(WAIT)
        .until(() -> get(app), body -> body.contains("\"state\":\"FINISHED\"") && !body.contains("containerids"));
    await("its containers, killed and recorded by the RM, leave the NM").atMost(WAIT)
        .until(() -> containersOn(nm), List::isEmpty);
  }

  private static String get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Without the RM's acknowledgement the NM would keep (and report in every heartbeat) all 1,000. */
  @Test
  void thousandShortContainers_leaveTheHeartbeatAndTheNmBounded() {
    start(Map.of(RmKeys.NM_HEARTBEAT_INTERVAL.key(), "200"));
    NodeManager nm = cluster.startNodeManager(8192);
    HeartbeatTap tap = cluster.taps.get(0);
    ContractCluster.HostedAm am = cluster.hostAm();
    AmRmClient amrm = am.amrm();
    int total = 1000;
    int running = 0;
    int asked = 0;
    int done = 0;
    int heartbeatsAtStart = tap.heartbeats.size();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (done < total) {
      assertThat(System.nanoTime()).as("1,000 containers within 10 min (%d done)", done).isLessThan(deadline);
      for (; asked < total && running + pending(asked, done, running) < 7; asked++) {
        amrm.addContainerRequest(ONE_GB);
      }
      AllocateResponse answer = amrm.allocate(0.5f, Duration.ofSeconds(5));
      for (Container c : answer.allocatedContainers()) {
        amrm.removeContainerRequest(ONE_GB);
        nmClient.startContainerAsync(c, ContainerLaunchContext.of(List.of("true")));
        running++;
      }
      for (ContainerStatus s : answer.completedContainers()) {
        assertThat(s.exitStatus()).as("%s: %s", s.containerId(), s.diagnostics()).isZero();
        running--;
        done++;
      }
      assertThat(startErrors).isEmpty();
    }
    int largest = tap.largestHeartbeatSince(heartbeatsAtStart);
    assertThat(largest).as("container statuses in the largest heartbeat during 1,000 containers").isLessThan(50);
    await("the NM keeps only the AM's container").atMost(WAIT).until(() -> containersOn(nm).size(), n -> n <= 1);
    System.out.printf("1,000 short containers: largest heartbeat carried %d container statuses; %d heartbeats%n",
        largest, tap.heartbeats.size() - heartbeatsAtStart);
  }

  @Test
  void rmRestart_nodeAndAmResync_andTheRunningContainerIsKeptAndReported() {
    start(Map.of(RmKeys.NM_HEARTBEAT_INTERVAL.key(), "200"));
    NodeManager nm = cluster.startNodeManager(8192);
    HeartbeatTap tap = cluster.taps.get(0);
    ContractCluster.HostedAm am = cluster.hostAm();
    am.amrm().addContainerRequest(ONE_GB);
    Container sleeps = grants(am.amrm(), 1).get(0);
    nmClient.startContainerAsync(sleeps, ContainerLaunchContext.of(List.of("sleep", "600")));
    await("started").atMost(WAIT).until(() -> started.contains(sleeps.id()) || !startErrors.isEmpty());
    am.amrm().removeContainerRequest(ONE_GB);

    cluster.restartRm();
    await("the NM registers again with the restarted RM, naming its running container").atMost(WAIT)
        .until(() -> tap.registrations.size() >= 2);
    assertThat(tap.registrations.get(tap.registrations.size() - 1).getRunningContainersList())
        .anySatisfy(s -> {
          assertThat(s.getContainerId()).isEqualTo(sleeps.id().toString());
          assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        });
    // The AM's next call is told to resync; its client registers again and re-sends its (empty) table.
    AllocateResponse afterRestart = am.amrm().allocate(0.5f, Duration.ZERO);
    assertThat(afterRestart.command()).isEqualTo(AllocateResponse.Command.NONE);
    assertThat(afterRestart.allocatedContainers()).isEmpty();

    nmClient.stopContainerAsync(sleeps.id(), sleeps.nodeId());
    Map<ContainerId, ContainerStatus> completed = new HashMap<>();
    awaitCompleted(am.amrm(), completed, sleeps.id());
    assertThat(completed.get(sleeps.id()).exitStatus()).isEqualTo(ExitStatus.KILLED_BY_APPMASTER);
    assertThat(node(nm).getNodeState()).isEqualTo(io.weft.client.records.NodeState.RUNNING);

    // The node takes containers the restarted RM grants (their tokens are signed with a key it accepts).
    am.amrm().addContainerRequest(ONE_GB);
    Container after = grants(am.amrm(), 1).get(0);
    nmClient.startContainerAsync(after, ContainerLaunchContext.of(List.of("true")));
    awaitCompleted(am.amrm(), completed, after.id());
    assertThat(startErrors).isEmpty();
    assertThat(completed.get(after.id()).exitStatus()).isZero();
  }

  @Test
  void silentNode_isLost_andItsContainersCompleteAbortedToTheAm() {
    start(Map.of(RmKeys.NM_HEARTBEAT_INTERVAL.key(), "100", RmKeys.NM_EXPIRY.key(), "1500"));
    cluster.startNodeManager(2048); // room for the AM only
    ContractCluster.HostedAm am = cluster.hostAm();
    NodeManager big = cluster.startNodeManager(8192);
    HeartbeatTap bigTap = cluster.taps.get(1);
    am.amrm().addContainerRequest(ContainerRequest.anywhere(Resource.of(4096, 1), 1)); // fits the big node only
    Container sleeps = grants(am.amrm(), 1).get(0);
    assertThat(sleeps.nodeId()).isEqualTo(big.nodeId());
    nmClient.startContainerAsync(sleeps, ContainerLaunchContext.of(List.of("sleep", "600")));
    await("started").atMost(WAIT).until(() -> started.contains(sleeps.id()) || !startErrors.isEmpty());
    am.amrm().removeContainerRequest(ContainerRequest.anywhere(Resource.of(4096, 1), 1));

    bigTap.silence(true);
    Map<ContainerId, ContainerStatus> completed = new HashMap<>();
    awaitCompleted(am.amrm(), completed, sleeps.id());
    assertThat(completed.get(sleeps.id()).exitStatus()).isEqualTo(ExitStatus.ABORTED);
    assertThat(node(big).getNodeState()).isEqualTo(io.weft.client.records.NodeState.LOST);
  }

  private static int pending(int asked, int done, int running) {
    return asked - done - running;
  }

  /** Allocates until {@code count} containers are granted. */
  private static List<Container> grants(AmRmClient amrm, int count) {
    List<Container> granted = new ArrayList<>();
    await("grant of " + count + " container(s)").atMost(WAIT).until(() -> {
      granted.addAll(amrm.allocate(0.5f, Duration.ofSeconds(1)).allocatedContainers());
      return granted.size() >= count;
    });
    return granted;
  }

  private static void awaitCompleted(AmRmClient amrm, Map<ContainerId, ContainerStatus> completed, ContainerId id) {
    await("completion of " + id + " reported to the AM").atMost(WAIT).until(() -> {
      amrm.allocate(0.5f, Duration.ofSeconds(1)).completedContainers().forEach(s -> completed.put(s.containerId(), s));
      return completed.containsKey(id);
    });
  }

  private io.weft.client.records.NodeReport node(NodeManager nm) {
    return cluster.client().getNodeReports().stream().filter(n -> n.getNodeId().equals(nm.nodeId()))
        .findFirst().orElseThrow(() -> new AssertionError("the RM does not list " + nm.nodeId()));
  }

  /** The containers the NM keeps, as its REST API lists them. */
  private static List<String> containersOn(NodeManager nm) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://" + nm.webAddress() + "/ws/v1/node/containers")).build(),
        HttpResponse.BodyHandlers.ofString());
    List<String> ids = new ArrayList<>();
    Matcher m = CONTAINER_ID.matcher(response.body());
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
