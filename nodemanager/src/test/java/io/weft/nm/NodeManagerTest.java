package io.weft.nm;

import static io.weft.nm.NmHarness.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.security.MasterKey;
import io.weft.nm.testing.FakeResourceManager;
import io.weft.nm.testing.Processes;
import io.weft.proto.ContainerFailure;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerState;
import io.weft.proto.ContainerStatus;
import io.weft.proto.ContainerTokenIdentifier;
import io.weft.proto.LocalResource;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersResponse;
import io.weft.proto.StopContainersRequest;
import io.weft.common.rpc.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeManagerTest {
  @TempDir Path dir;
  private FakeResourceManager rm;
  private NmHarness h;
  private final List<Long> pids = new ArrayList<>();

  @BeforeEach
  void setUp() {
    rm = new FakeResourceManager();
    rm.start();
    h = new NmHarness(dir, rm, Map.of());
    h.awaitRegistered();
  }

  @AfterEach
  void tearDown() {
    h.close();
    rm.close();
    // Every process a test saw must be gone; kill stragglers by pid so a failure cannot leak them.
    // A SIGKILLed process needs a moment to be torn down after kill(2) returns: wait for it, bounded.
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(Processes::isRunning));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // reported below
    }
    List<Long> alive = pids.stream().filter(Processes::isRunning).toList();
    alive.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    assertThat(alive).as("processes left running after close").isEmpty();
  }

  private List<Long> track(long pid) {
    List<Long> tree = new ArrayList<>(List.of(pid));
    Processes.descendants(pid).forEach(p -> tree.add(p.pid()));
    pids.addAll(tree);
    return tree;
  }

  @Test
  void register_sendsCapabilityHttpAddressAndLogDir() {
    var registration = rm.registrations.get(0);
    assertThat(registration.getNodeId()).isEqualTo(h.nm.nodeId().toString());
    assertThat(h.nm.nodeId().port()).isPositive();
    assertThat(registration.getResource().getMemoryMb()).isEqualTo(8192);
    assertThat(registration.getResource().getVcores()).isEqualTo(8);
    assertThat(registration.getHttpAddress()).isEqualTo("127.0.0.1:" + h.nm.webAddress().port());
    assertThat(h.nm.webAddress().port()).isPositive();
    assertThat(registration.getLogDir()).isEqualTo(h.nm.logDir().toString());
    await().atMost(Duration.ofSeconds(10)).until(() -> rm.heartbeats.size() >= 2);
    assertThat(rm.heartbeats.get(1).getNodeStatus().getResponseId()).isEqualTo(1);
  }

  @Test
  void containerExitingWith3_endsFailedWithExit3_andItsStdoutIsKept() throws Exception {
    ContainerId id = h.run(1, "bash", "-c", "echo hi; exit 3");
    ContainerStatus status = h.awaitComplete(id);
    assertThat(status.getExitStatus()).isEqualTo(3);
    assertThat(h.nm.containers().report(id).state()).isEqualTo(io.weft.nm.container.ContainerState.DONE);
    assertThat(Files.readString(h.logFile(id, "stdout"))).isEqualTo("hi\n");
    await("RM hears of the completion").atMost(Duration.ofSeconds(10))
        .until(() -> rm.lastStatus(id) != null && rm.lastStatus(id).getState() == ContainerState.CONTAINER_COMPLETE);
    assertThat(rm.lastStatus(id).getExitStatus()).isEqualTo(3);

    // the container and its application over REST, with the names YARN's NodeManager REST page documents
    com.fasterxml.jackson.databind.JsonNode container = restGet("/ws/v1/node/containers").path("containers")
        .path("container").get(0);
    assertThat(fields(container)).containsAll(List.of("id", "state", "nodeId", "containerLogsLink", "user",
        "exitCode", "diagnostics", "totalMemoryNeededMB", "totalVCoresNeeded"));
    assertThat(container.path("exitCode").asInt()).isEqualTo(3);
    assertThat(restGet("/ws/v1/node/containers/" + id).path("container").path("id").asText()).isEqualTo(id.toString());
    // YARN's NM: an application lists its containers until they are DONE, and leaves the list out when none is left
    com.fasterxml.jackson.databind.JsonNode app = restGet("/ws/v1/node/apps").path("apps").path("app").get(0);
    assertThat(fields(app)).containsExactly("id", "state", "user");
    assertThat(app.path("id").asText()).isEqualTo(id.applicationId().toString());
    assertThat(app.path("state").asText()).as("the RM has not said it is over").isEqualTo("RUNNING");
  }

  private com.fasterxml.jackson.databind.JsonNode restGet(String path) throws Exception {
    var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + h.nm.webAddress().port() + path)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
  }

  private static List<String> fields(com.fasterxml.jackson.databind.JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void observerIsToldEveryStateOfAContainer_fromNewToDone() {
    ContainerId id = h.run(4, "true");
    h.awaitComplete(id);

    await("the last state reaches the observer").atMost(Duration.ofSeconds(10))
        .until(() -> h.observed.contains(id + " DONE"));
    assertThat(h.observed).containsSubsequence(id + " NEW", id + " LOCALIZING", id + " SCHEDULED", id + " RUNNING",
        id + " EXITED_WITH_SUCCESS", id + " DONE");
  }

  @Test
  void successfulContainer_seesStandardEnvAndExpandedPlaceholders() throws Exception {
    ContainerId id = h.run(2, Resource.of(1024, 1), ContainerLaunchContext.newBuilder()
        .addAllCommand(List.of("bash", "-c", "echo \"$CONTAINER_ID $NM_PORT $USER $GREETING\"; pwd; echo {{LOG_DIR}}"))
        .putEnvironment("GREETING", "it's \"$HOME\" here"));
    ContainerStatus status = h.awaitComplete(id);
    assertThat(status.getExitStatus()).isZero();
    List<String> lines = Files.readAllLines(h.logFile(id, "stdout"));
    assertThat(lines.get(0)).isEqualTo(id + " " + h.nm.nodeId().port() + " alice it's \"$HOME\" here");
    assertThat(Path.of(lines.get(1))).isEqualTo(h.nm.localDir().resolve("usercache/alice/appcache")
        .resolve(id.applicationId().toString()).resolve(id.toString()).toRealPath());
    assertThat(lines.get(2)).isEqualTo(h.logFile(id, "stdout").getParent().toString());
  }

  @Test
  void stop_killsTheWholeProcessTree_andRecordsTheRequestedExitStatus() {
    ContainerId id = h.run(3, "bash", "-c", "sleep 1000 & sleep 1000; wait");
    long pid = h.pid(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> Processes.descendants(pid).size() >= 2);
    List<Long> tree = track(pid);

    var response = h.stub().stopContainers(StopContainersRequest.newBuilder().addContainerIds(id.toString())
        .setExitStatus(-105).build());

    assertThat(response.getSuccessfullyStoppedContainersList()).containsExactly(id.toString());
    ContainerStatus status = h.awaitComplete(id);
    assertThat(status.getExitStatus()).isEqualTo(-105);
    await("no process of the tree survives").atMost(Duration.ofSeconds(10))
        .until(() -> tree.stream().noneMatch(Processes::isRunning));
  }

  @Test
  void stop_sigkillsAGroupThatIgnoresSigterm_andDefaultsTo143() {
    ContainerId id = h.run(4, "bash", "-c", "trap '' TERM; sleep 1000 & wait; wait");
    long pid = h.pid(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> Processes.descendants(pid).size() >= 1);
    List<Long> tree = track(pid);

    h.stub().stopContainers(StopContainersRequest.newBuilder().addContainerIds(id.toString()).build());

    assertThat(h.awaitComplete(id).getExitStatus()).isEqualTo(143);
    await().atMost(Duration.ofSeconds(10)).until(() -> tree.stream().noneMatch(Processes::isRunning));
  }

  @Test
  void stop_killsAJvmStartedByTheScript() {
    ContainerId id = h.run(5, "bash", "-c",
        "{{JAVA_HOME}}/bin/java -cp '{{WEFT_CLASSPATH}}' io.weft.nm.testing.SleepForever & wait");
    long pid = h.pid(id);
    await("the JVM starts").atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(h.logFile(id, "stdout")) && Files.readString(h.logFile(id, "stdout")).contains("jvm up"));
    List<Long> tree = track(pid);
    assertThat(tree).hasSizeGreaterThanOrEqualTo(2);

    h.stub().stopContainers(StopContainersRequest.newBuilder().addContainerIds(id.toString()).build());

    h.awaitComplete(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> tree.stream().noneMatch(Processes::isRunning));
  }

  @Test
  void containerThatDoesNotFit_isRefusedWithTheFigures() {
    ContainerId big = h.run(6, Resource.of(6144, 1), ContainerLaunchContext.newBuilder()
        .addAllCommand(List.of("sleep", "1000")));
    track(h.pid(big));
    ContainerId next = container(7);

    StartContainersResponse response = h.start(h.request(next, Resource.of(4096, 1),
        ContainerLaunchContext.newBuilder().addCommand("true").build()));

    assertThat(response.getSuccessfullyStartedContainersList()).isEmpty();
    ContainerFailure failure = response.getFailedRequests(0);
    assertThat(failure.getCode()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(failure.getMessage()).isEqualTo(next + " needs 4096 MB but 2048 MB of 8192 MB are free on "
        + h.nm.nodeId());
  }

  @Test
  void startGrantedTheRoomOfAContainerStillBeingKilled_waitsForItToExitAndStarts() {
    // As when the RM preempts: it frees the victim's room at once, while the victim's process group,
    // which ignores SIGTERM here, lives until the NM's SIGKILL.
    ContainerId victim = h.run(9, Resource.of(6144, 1), ContainerLaunchContext.newBuilder()
        .addAllCommand(List.of("bash", "-c", "trap '' TERM; sleep 1000")));
    track(h.pid(victim));
    h.stub().stopContainers(StopContainersRequest.newBuilder().addContainerIds(victim.toString()).build());
    ContainerId next = container(10);

    StartContainersResponse response = h.start(h.request(next, Resource.of(4096, 1),
        ContainerLaunchContext.newBuilder().addCommand("true").build()));

    assertThat(response.getFailedRequestsList()).isEmpty();
    assertThat(response.getSuccessfullyStartedContainersList()).containsExactly(next.toString());
    h.awaitComplete(next);
  }

  @Test
  void forgedForeignAndExpiredTokens_areRefused_whileTheRestOfTheBatchStarts() {
    ContainerLaunchContext context = ContainerLaunchContext.newBuilder().addCommand("true").build();
    ContainerTokenIdentifier identifier = ContainerTokenIdentifier.newBuilder().setContainerId(container(8).toString())
        .setNodeId(h.nm.nodeId().toString()).setResource(Resources.toProto(Resource.of(512, 1)))
        .setExpiryTimeMs(System.currentTimeMillis() + 60_000).build();
    var forged = FakeResourceManager.sign(new MasterKey(rm.key().keyId(), new byte[32]), identifier);
    var foreign = rm.token(container(9), new NodeId("elsewhere", 1), Resource.of(512, 1),
        System.currentTimeMillis() + 60_000);
    var expired = rm.token(container(10), h.nm.nodeId(), Resource.of(512, 1), System.currentTimeMillis() - 1000);
    var tampered = h.token(container(11), Resource.of(512, 1)).toBuilder()
        .setIdentifier(identifier.toByteString()).build();

    StartContainersResponse response = h.start(
        StartContainerRequest.newBuilder().setContainerToken(forged).setContainerLaunchContext(context).build(),
        StartContainerRequest.newBuilder().setContainerToken(foreign).setContainerLaunchContext(context).build(),
        StartContainerRequest.newBuilder().setContainerToken(expired).setContainerLaunchContext(context).build(),
        StartContainerRequest.newBuilder().setContainerToken(tampered).setContainerLaunchContext(context).build(),
        h.request(container(12), Resource.of(512, 1), context));

    assertThat(response.getSuccessfullyStartedContainersList()).containsExactly(container(12).toString());
    assertThat(response.getFailedRequestsList()).extracting(ContainerFailure::getCode).containsOnly("UNAUTHENTICATED");
    assertThat(response.getFailedRequestsList()).extracting(ContainerFailure::getMessage).satisfiesExactly(
        m -> assertThat(m).contains("invalid signature"),
        m -> assertThat(m).contains("issued for node elsewhere:1"),
        m -> assertThat(m).contains("expired"),
        m -> assertThat(m).contains("invalid signature"));
    h.awaitComplete(container(12));
  }

  @Test
  void sameContainerTwice_isAlreadyExists() {
    ContainerLaunchContext context = ContainerLaunchContext.newBuilder().addCommand("true").build();
    h.start(h.request(container(13), Resource.of(512, 1), context));
    StartContainersResponse again = h.start(h.request(container(13), Resource.of(512, 1), context));
    assertThat(again.getFailedRequests(0).getCode()).isEqualTo("ALREADY_EXISTS");
    h.awaitComplete(container(13));
  }

  @Test
  void stagedResource_isFetchedOnce_andSharedThroughTheFileCache() throws Exception {
    byte[] jar = "pretend this is a jar".getBytes(StandardCharsets.UTF_8);
    String sha = rm.stage(jar);
    LocalResource resource = LocalResource.newBuilder().setUri("staging:" + sha).setSize(jar.length).setSha256(sha)
        .build();
    ContainerId first = h.run(14, Resource.of(512, 1), ContainerLaunchContext.newBuilder()
        .addAllCommand(List.of("cat", "__app__.jar")).putLocalResources("__app__.jar", resource));
    ContainerId second = h.run(15, Resource.of(512, 1), ContainerLaunchContext.newBuilder()
        .addAllCommand(List.of("cat", "__app__.jar")).putLocalResources("__app__.jar", resource));

    assertThat(h.awaitComplete(first).getExitStatus()).isZero();
    assertThat(h.awaitComplete(second).getExitStatus()).isZero();
    assertThat(Files.readAllBytes(h.logFile(first, "stdout"))).isEqualTo(jar);
    assertThat(Files.readAllBytes(h.logFile(second, "stdout"))).isEqualTo(jar);
    assertThat(rm.fetches.get()).isEqualTo(1);
    assertThat(h.nm.localDir().resolve("filecache").resolve(NmHarness.APP.toString()).resolve(sha)).exists();
  }

  @Test
  void stagedResourceWithTheWrongDigest_failsTheContainerNamingTheResource() {
    String claimed = FakeResourceManager.sha256("the real content".getBytes(StandardCharsets.UTF_8));
    rm.stageAs(claimed, "something else".getBytes(StandardCharsets.UTF_8));
    ContainerId id = h.run(16, Resource.of(512, 1), ContainerLaunchContext.newBuilder().addCommand("true")
        .putLocalResources("app.jar", LocalResource.newBuilder().setUri("staging:" + claimed).build()));

    ContainerStatus status = h.awaitComplete(id);
    assertThat(status.getExitStatus()).isEqualTo(-1000);
    assertThat(status.getDiagnostics()).contains("app.jar", "staging:" + claimed, "sha256", "expected " + claimed);
    assertThat(h.nm.containers().report(id).pid()).isNegative();
  }

  @Test
  void rmCleanup_killsContainerWithMinus106_andAppCleanupDeletesWorkDirsButKeepsLogs() {
    ContainerId id = h.run(17, "bash", "-c", "echo started; sleep 1000");
    track(h.pid(id));
    Path workDir = h.nm.localDir().resolve("usercache/alice/appcache").resolve(id.applicationId().toString());
    assertThat(workDir).isDirectory();

    rm.cleanupContainer(id.toString());
    assertThat(h.awaitComplete(id).getExitStatus()).isEqualTo(-106);
    rm.cleanupApplication(id.applicationId().toString());

    await("app working dir deleted").atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(workDir));
    assertThat(h.logFile(id, "stdout")).exists();
  }

  @Test
  void resync_makesTheNodeRegisterAgainWithItsRunningAndCompletedContainers_killingNone() {
    ContainerId done = h.run(17, "bash", "-c", "exit 4");
    h.awaitComplete(done);
    ContainerId id = h.run(18, Resource.of(768, 2), ContainerLaunchContext.newBuilder()
        .addAllCommand(List.of("sleep", "1000")));
    track(h.pid(id));
    rm.nextAction(io.weft.proto.NodeAction.RESYNC);
    await().atMost(Duration.ofSeconds(10)).until(() -> rm.registrations.size() >= 2);
    List<ContainerStatus> reported = rm.registrations.get(1).getRunningContainersList();
    assertThat(reported).filteredOn(s -> s.getContainerId().equals(id.toString())).singleElement()
        .satisfies(s -> {
          assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
          assertThat(s.getCapability().getMemoryMb()).isEqualTo(768);
          assertThat(s.getCapability().getVcores()).isEqualTo(2);
          assertThat(s.getCreationTimeMs()).isPositive();
        });
    assertThat(reported).filteredOn(s -> s.getContainerId().equals(done.toString())).singleElement()
        .satisfies(s -> {
          assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_COMPLETE);
          assertThat(s.getExitStatus()).isEqualTo(4);
        });
    assertThat(h.status(id).getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
  }

  @Test
  void rmRestart_leavesContainersRunning_andTheNodeRegistersAgainWithThemOnResync() {
    ContainerId id = h.run(26, "sleep", "1000");
    long pid = h.pid(id);
    track(pid);
    int port = rm.address().port();

    rm.close();
    rm = new FakeResourceManager(port);
    // A restarted RM does not know the node: its first heartbeat answer is RESYNC.
    rm.nextAction(io.weft.proto.NodeAction.RESYNC);
    rm.start();

    await("registration with the restarted RM").atMost(Duration.ofSeconds(30))
        .until(() -> rm.lastRegistration(h.nm.nodeId().toString()) != null);
    assertThat(rm.lastRegistration(h.nm.nodeId().toString()).getRunningContainersList())
        .filteredOn(s -> s.getContainerId().equals(id.toString())).singleElement()
        .satisfies(s -> assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING));
    assertThat(Processes.isRunning(pid)).isTrue();
  }

  @Test
  void completedContainer_isReportedUntilTheRmRecordsIt_thenForgotten() {
    ContainerId id = h.run(21, "true");
    h.awaitComplete(id);
    assertThat(h.nm.containers().reports()).extracting(r -> r.id()).contains(id);

    rm.removeFromNm(id.toString());

    await("forgotten").atMost(Duration.ofSeconds(10)).until(() -> h.nm.containers().reports().isEmpty());
  }

  @Test
  void exitCode_isAlsoWrittenToTheWorkDir_andStatusesAreUnchanged() {
    ContainerId ok = h.run(22, "true");
    ContainerId three = h.run(23, "bash", "-c", "exit 3");
    assertThat(h.awaitComplete(ok).getExitStatus()).isZero();
    assertThat(h.awaitComplete(three).getExitStatus()).isEqualTo(3);
    assertThat(io.weft.nm.launch.ExitCodeFile.read(h.workDir(ok))).hasValue(0);
    assertThat(io.weft.nm.launch.ExitCodeFile.read(h.workDir(three))).hasValue(3);
  }

  @Test
  void leaderKilledBySigkill_endsWith137_andItsGroupIsCleanedUp() {
    ContainerId id = h.run(24, "bash", "-c", "sleep 1000 & wait");
    long pid = h.pid(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> Processes.descendants(pid).size() >= 2);
    List<Long> tree = track(pid);

    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);

    assertThat(h.awaitComplete(id).getExitStatus()).isEqualTo(137);
    await("group cleaned up").atMost(Duration.ofSeconds(10)).until(() -> tree.stream().noneMatch(Processes::isRunning));
  }

  @Test
  void newSecretUnderTheSameKeyId_isTakenFromTheNextHeartbeat_andItsTokensAreAccepted() {
    rm.newSecretUnderTheSameKeyId();
    int seen = rm.heartbeats.size();
    await().atMost(Duration.ofSeconds(10)).until(() -> rm.heartbeats.size() > seen + 1);

    ContainerId id = h.run(25, "true");

    assertThat(h.awaitComplete(id).getExitStatus()).isZero();
  }

  @Test
  void close_killsRunningContainersAndUnregisters() {
    ContainerId id = h.run(19, "bash", "-c", "sleep 1000 & wait");
    long pid = h.pid(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.descendants(pid).isEmpty());
    List<Long> tree = track(pid);

    h.close();

    assertThat(tree).noneMatch(Processes::isRunning);
    assertThat(rm.unregistrations).containsExactly(h.nm.nodeId().toString());
  }

  @Test
  void localResourceFromFile_isCopiedIntoTheWorkingDir() throws Exception {
    Path source = Files.writeString(dir.resolve("input.txt"), "from a file");
    ContainerId id = h.run(20, Resource.of(512, 1), ContainerLaunchContext.newBuilder()
        .addAllCommand(List.of("cat", "input")).putLocalResources("input", LocalResource.newBuilder()
            .setUri(source.toUri().toString()).build()));
    assertThat(h.awaitComplete(id).getExitStatus()).isZero();
    assertThat(Files.readString(h.logFile(id, "stdout"))).isEqualTo("from a file");
  }

  @Test
  void unknownContainer_statusAndStopAreNotFound() {
    var status = h.stub().getContainerStatuses(io.weft.proto.GetContainerStatusesRequest.newBuilder()
        .addContainerIds(container(99).toString()).build());
    assertThat(status.getFailedRequests(0).getCode()).isEqualTo("NOT_FOUND");
    var stop = h.stub().stopContainers(StopContainersRequest.newBuilder().addContainerIds(container(99).toString())
        .build());
    assertThat(stop.getFailedRequests(0).getCode()).isEqualTo("NOT_FOUND");
  }
}
