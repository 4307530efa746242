package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.weft.common.config.CommonKeys;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.StablePorts;
import io.weft.nm.launch.ContainerDirs;
import io.weft.nm.launch.ExitCodeFile;
import io.weft.nm.launch.ProcessGroups;
import io.weft.nm.launch.ProcessStat;
import io.weft.nm.recovery.NmStateStore;
import io.weft.nm.testing.ChildNodeManager;
import io.weft.nm.testing.FakeResourceManager;
import io.weft.nm.testing.Processes;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.ContainerState;
import io.weft.proto.ContainerStatus;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersRequest;
import io.weft.proto.StartContainersResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NodeManager in its own JVM on a fixed port, killed and started again on the same dirs: what a
 * crash or an operator's restart does to its containers.
 */
class NodeManagerRecoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private FakeResourceManager rm;
  private int port;
  private final List<ChildNodeManager> nodeManagers = new ArrayList<>();
  private final List<Long> groups = new ArrayList<>();
  private final List<Process> ownProcesses = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    rm = new FakeResourceManager();
    rm.start();
    port = StablePorts.free();
  }

  @AfterEach
  void tearDown() {
    channels.forEach(Channels::close);
    nodeManagers.forEach(ChildNodeManager::close);
    // Containers outlive their NodeManager here by design: kill every group a test saw, by its id.
    groups.stream().filter(Processes::isRunning).forEach(pgid -> ProcessGroups.signal(pgid, "KILL"));
    ownProcesses.forEach(Process::destroyForcibly);
    rm.close();
  }

  private NodeId nodeId() {
    return new NodeId("127.0.0.1", port);
  }

  private Map<String, String> conf(Map<String, String> extra) {
    Map<String, String> conf = new HashMap<>(Map.of(
        CommonKeys.RM_ADDRESS.key(), rm.address().toString(),
        NmKeys.ADDRESS.key(), "127.0.0.1:" + port,
        NmKeys.WEBAPP_ADDRESS.key(), "127.0.0.1:0",
        NmKeys.LOCAL_DIRS.key(), dir.resolve("local").toString(),
        NmKeys.LOG_DIRS.key(), dir.resolve("logs").toString(),
        NmKeys.RM_RETRY_INTERVAL.key(), "100",
        NmKeys.WEFT_JVM_CDS.key(), "false",
        NmKeys.WARM_JVMS_ENABLED.key(), "false"));
    conf.putAll(extra);
    return conf;
  }

  private ChildNodeManager startNodeManager(Map<String, String> extra) throws IOException {
    int before = rm.registrations.size();
    ChildNodeManager nm = ChildNodeManager.start(conf(extra), dir.resolve("nm.log"));
    nodeManagers.add(nm);
    await("registration of the NodeManager on port " + port).atMost(WAIT)
        .until(() -> rm.registrations.size() > before || !ProcessHandle.of(nm.pid()).isPresent());
    assertThat(rm.registrations.size()).as("NodeManager output:\n%s", nm.output()).isGreaterThan(before);
    return nm;
  }

  private static ContainerId container(long n) {
    return NmHarness.container(n);
  }

  private Path workDir(ContainerId id) {
    return ContainerDirs.of(dir.resolve("local"), dir.resolve("logs"), "alice", id).workDir();
  }

  /** Starts a container that writes its shell's pid to {@code <dir>/<n>.pid}, waits for {@code <dir>/release-<n>}, then exits with {@code code}. */
  private ContainerId startWaitingContainer(long n, int code) {
    return startWaitingContainer(n, code, Resource.of(512, 1));
  }

  /** As above, holding {@code resource}; it also writes its $WEFT_GPU_DEVICES to {@code <dir>/<n>.gpus}. */
  private ContainerId startWaitingContainer(long n, int code, Resource resource) {
    ContainerId id = container(n);
    String script = "echo \"$WEFT_GPU_DEVICES\" > " + dir.resolve(n + ".gpus") + "; echo $$ > "
        + dir.resolve(n + ".pid") + "; while [ ! -e " + dir.resolve("release-" + n)
        + " ]; do sleep 0.05; done; exit " + code;
    ManagedChannel channel = Channels.forAddress(nodeId().address());
    channels.add(channel);
    StartContainerRequest request = StartContainerRequest.newBuilder()
        .setContainerToken(rm.token(id, nodeId(), resource, System.currentTimeMillis() + 600_000, 5))
        .setContainerLaunchContext(ContainerLaunchContext.newBuilder().addCommand("bash").addCommand("-c")
            .addCommand(script))
        .build();
    StartContainersResponse response = ContainerManagementServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .startContainers(StartContainersRequest.newBuilder().addStartContainerRequests(request).build());
    assertThat(response.getSuccessfullyStartedContainersList()).as("%s", response).containsExactly(id.toString());
    return id;
  }

  /** The process group of container {@code n} (its launch script's pid), once its command runs. */
  private long groupOf(long n) {
    Path pidFile = dir.resolve(n + ".pid");
    await("container " + n + " runs its command").atMost(WAIT).until(() -> Files.exists(pidFile)
        && !Files.readString(pidFile).isBlank());
    long shellPid;
    try {
      shellPid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    long pgid = ProcessStat.of(shellPid).orElseThrow().pgid();
    groups.add(pgid);
    return pgid;
  }

  private void release(long n) throws IOException {
    Files.createFile(dir.resolve("release-" + n));
  }

  private ContainerStatus reported(RegisterNodeManagerRequest registration, ContainerId id) {
    return registration.getRunningContainersList().stream().filter(s -> s.getContainerId().equals(id.toString()))
        .findFirst().orElseThrow(() -> new AssertionError(id + " not in " + registration));
  }

  private void awaitReportedComplete(ContainerId id) {
    await(id + " reported complete").atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
      ContainerStatus s = rm.lastStatus(id);
      return s != null && s.getState() == ContainerState.CONTAINER_COMPLETE;
    });
  }

  @Test
  void afterACrash_theRestartedNodeManagerReattachesRecoversExitCodesAndKillsOrphans() throws Exception {
    ChildNodeManager first = startNodeManager(Map.of());
    ContainerId sleeper = startWaitingContainer(1, 0);
    ContainerId failsWhileDown = startWaitingContainer(2, 3);
    long sleeperGroup = groupOf(1);
    long failsGroup = groupOf(2);

    first.kill9();

    assertThat(Processes.isRunning(sleeperGroup)).as("container outlives the crashed NodeManager").isTrue();
    release(2);
    await("container 2 records its exit code with no NodeManager").atMost(WAIT)
        .until(() -> ExitCodeFile.read(workDir(failsWhileDown)).isPresent());
    await().atMost(WAIT).until(() -> !Processes.isRunning(failsGroup));
    // A process under the work dirs that no record names (as if the NM died before recording it).
    Path orphanDir = Files.createDirectories(workDir(container(99)));
    Process orphan = new ProcessBuilder("setsid", "sleep", "600").directory(orphanDir.toFile()).start();
    ownProcesses.add(orphan);
    groups.add(orphan.pid());

    ChildNodeManager second = startNodeManager(Map.of());

    RegisterNodeManagerRequest registration = rm.lastRegistration(nodeId().toString());
    ContainerStatus running = reported(registration, sleeper);
    assertThat(running.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
    assertThat(running.getPriority()).isEqualTo(5);
    assertThat(running.getCapability().getMemoryMb()).isEqualTo(512);
    assertThat(running.getCreationTimeMs()).isPositive();
    ContainerStatus failed = reported(registration, failsWhileDown);
    assertThat(failed.getState()).isEqualTo(ContainerState.CONTAINER_COMPLETE);
    assertThat(failed.getExitStatus()).isEqualTo(3);
    assertThat(failed.getPriority()).isEqualTo(5);
    await("orphaned process group killed").atMost(WAIT).until(() -> !Processes.isRunning(orphan.pid()));
    assertThat(Processes.isRunning(sleeperGroup)).as("re-attached container still runs").isTrue();

    release(1);
    awaitReportedComplete(sleeper);
    assertThat(rm.lastStatus(sleeper).getExitStatus()).isZero();

    rm.removeFromNm(sleeper.toString());
    rm.removeFromNm(failsWhileDown.toString());
    int seen = rm.heartbeats.size();
    await("acknowledged containers no longer reported").atMost(WAIT).until(() -> rm.heartbeats.size() > seen + 1
        && rm.heartbeats.get(rm.heartbeats.size() - 1).getNodeStatus().getContainerStatusesCount() == 0);
    second.sigterm();
    try (NmStateStore store = NmStateStore.open(dir.resolve("recovery"))) {
      assertThat(store.load()).as("records of acknowledged containers").isEmpty();
    }
  }

  @Test
  void aReattachedContainer_keepsItsGpu_soANewOneGetsAnother() throws Exception {
    Map<String, String> twoGpus = Map.of(CommonKeys.RESOURCE_TYPES.key(), "gpu", "weft.nodemanager.resource.gpu", "2");
    Resource oneGpu = new Resource(512, 1, Map.of("gpu", 1L));
    ChildNodeManager first = startNodeManager(twoGpus);
    startWaitingContainer(6, 0, oneGpu);
    groupOf(6);
    assertThat(Files.readString(dir.resolve("6.gpus"))).isEqualTo("0\n");

    first.kill9();
    startNodeManager(twoGpus);
    startWaitingContainer(7, 0, oneGpu);
    groupOf(7);

    assertThat(Files.readString(dir.resolve("7.gpus"))).as("device 0 is still the re-attached container's")
        .isEqualTo("1\n");
    release(6);
    release(7);
  }

  @Test
  void containerGoneWithoutAnExitCode_isReportedWithInvalidStatusAndTheReason() throws Exception {
    ChildNodeManager first = startNodeManager(Map.of());
    ContainerId id = startWaitingContainer(3, 0);
    long group = groupOf(3);
    first.kill9();

    // SIGKILL to the whole group: the script cannot write the code.
    ProcessGroups.signal(group, "KILL");
    await().atMost(WAIT).until(() -> !Processes.isRunning(group));
    startNodeManager(Map.of());

    ContainerStatus status = reported(rm.lastRegistration(nodeId().toString()), id);
    assertThat(status.getState()).isEqualTo(ContainerState.CONTAINER_COMPLETE);
    assertThat(status.getExitStatus()).isEqualTo(ExitStatus.INVALID);
    assertThat(status.getDiagnostics()).isEqualTo("exited while the NodeManager was down; exit code unknown");
  }

  @Test
  void sigterm_withRecoveryOn_leavesContainersRunningAndTheNodeRegistered() throws Exception {
    ChildNodeManager nm = startNodeManager(Map.of());
    ContainerId id = startWaitingContainer(4, 0);
    long group = groupOf(4);

    nm.sigterm();

    assertThat(Processes.isRunning(group)).isTrue();
    assertThat(rm.unregistrations).isEmpty();
    startNodeManager(Map.of());
    assertThat(reported(rm.lastRegistration(nodeId().toString()), id).getState())
        .isEqualTo(ContainerState.CONTAINER_RUNNING);
  }

  @Test
  void sigterm_withRecoveryOff_killsContainersAndUnregisters() throws Exception {
    ChildNodeManager nm = startNodeManager(Map.of(NmKeys.RECOVERY_ENABLED.key(), "false"));
    startWaitingContainer(5, 0);
    long group = groupOf(5);

    nm.sigterm();

    assertThat(Processes.isRunning(group)).isFalse();
    assertThat(rm.unregistrations).containsExactly(nodeId().toString());
  }

  @Test
  void recoveryOnAnEphemeralPort_isRefusedAtStart_namingBothKeysAndTheFix() throws Exception {
    Map<String, String> conf = conf(Map.of(NmKeys.ADDRESS.key(), "127.0.0.1:0", NmKeys.RECOVERY_ENABLED.key(), "true"));
    ChildNodeManager nm = ChildNodeManager.start(conf, dir.resolve("refused.log"));
    nodeManagers.add(nm);

    assertThat(nm.awaitExit()).isEqualTo(2);
    assertThat(nm.output()).contains("weft.nodemanager.recovery.enabled=true", "weft.nodemanager.address=127.0.0.1:0",
        "Set weft.nodemanager.address to a fixed port");
    assertThat(rm.registrations).isEmpty();
  }
}
