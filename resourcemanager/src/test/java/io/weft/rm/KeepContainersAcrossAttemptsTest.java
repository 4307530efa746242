package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.AmCommand;
import io.weft.proto.Container;
import io.weft.proto.ContainerStatus;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.RegisterApplicationMasterResponse;
import io.weft.proto.ResourceRequest;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.Token;
import io.weft.proto.YarnApplicationState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work-preserving AM restart: the AM container of attempt 1 dies while a worker container runs;
 * with keep_containers_across_application_attempts the worker survives into attempt 2.
 */
class KeepContainersAcrossAttemptsTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  RmHarness.Node node;

  @BeforeEach
  void start() {
    h = new RmHarness(grpc, staging, Map.of());
    node = h.registerNode("n1", 1, 8192, 8);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** An application whose first AM registered and runs one worker; the AM then died. */
  private record AfterAmDied(String appId, String worker, Token secondAm) {}

  private AfterAmDied workerRunning_thenFirstAmDies(boolean keep) {
    String appId = h.newApplication();
    h.client().submitApplication(SubmitApplicationRequest.newBuilder().setSubmissionContext(
        RmHarness.submission(appId, 1024).setKeepContainersAcrossApplicationAttempts(keep)).build());
    StartContainerRequest firstLaunch = h.awaitStart(node, 1);
    Token first = RmHarness.amrmToken(firstLaunch);
    h.am(first).registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());
    String worker = h.am(first).allocate(AllocateRequest.newBuilder().addAsks(ResourceRequest.newBuilder()
        .setResourceName("*").setPriority(1).setNumContainers(1)
        .setCapability(io.weft.proto.Resource.newBuilder().setMemoryMb(1024).setVcores(1))).build())
        .getAllocatedContainers(0).getId();
    h.heartbeat(node, RmHarness.running(FakeNodeManager.containerId(firstLaunch)), RmHarness.running(worker));

    h.heartbeat(node, RmHarness.exited(FakeNodeManager.containerId(firstLaunch), 137));
    StartContainerRequest secondLaunch = h.awaitStart(node, 2);
    assertThat(FakeNodeManager.containerId(secondLaunch)).endsWith("_02_000001");
    return new AfterAmDied(appId, worker, RmHarness.amrmToken(secondLaunch));
  }

  private boolean stopAsked(String container) {
    return node.service().stopped.stream().anyMatch(s -> s.getContainerIdsList().contains(container));
  }

  @ParameterizedTest(name = "keep={0}")
  @ValueSource(booleans = {true, false})
  void amContainerFails_workerSurvivesOnlyWhenAsked(boolean keep) {
    AfterAmDied app = workerRunning_thenFirstAmDies(keep);

    RegisterApplicationMasterResponse registered = h.am(app.secondAm())
        .registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());
    var usage = h.report(app.appId()).getUsage();
    if (keep) {
      assertThat(registered.getContainersFromPreviousAttemptsList()).extracting(Container::getId)
          .containsExactly(app.worker());
      Container kept = registered.getContainersFromPreviousAttempts(0);
      assertThat(kept.getNodeId()).isEqualTo(node.id().toString());
      assertThat(kept.getResource().getMemoryMb()).isEqualTo(1024);
      assertThat(kept.getContainerToken().getIdentifier()).isNotEmpty();
      assertThat(usage.getNumUsedContainers()).isEqualTo(2);
      assertThat(usage.getUsedResources().getMemoryMb()).isEqualTo(2048);
      assertThat(stopAsked(app.worker())).isFalse();
    } else {
      assertThat(registered.getContainersFromPreviousAttemptsList()).isEmpty();
      assertThat(usage.getNumUsedContainers()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> stopAsked(app.worker()));
    }
    assertThat(h.report(app.appId()).getState()).isEqualTo(YarnApplicationState.RUNNING);
  }

  @Test
  void keptWorkerCompletes_itsExitReachesTheNewAttempt() {
    AfterAmDied app = workerRunning_thenFirstAmDies(true);
    h.am(app.secondAm()).registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());

    h.heartbeat(node, RmHarness.exited(app.worker(), 7));

    AllocateResponse answer = h.am(app.secondAm()).allocate(AllocateRequest.newBuilder().setMaxWaitMs(5000).build());
    assertThat(answer.getAmCommand()).isEqualTo(AmCommand.AM_COMMAND_NONE);
    assertThat(answer.getCompletedContainerStatusesList()).extracting(ContainerStatus::getContainerId,
        ContainerStatus::getExitStatus).containsExactly(org.assertj.core.groups.Tuple.tuple(app.worker(), 7));
    assertThat(h.report(app.appId()).getUsage().getNumUsedContainers()).isEqualTo(1);
  }

  @Test
  void newAttempt_canReleaseAKeptWorker() {
    AfterAmDied app = workerRunning_thenFirstAmDies(true);
    h.am(app.secondAm()).registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());

    AllocateResponse answer = h.am(app.secondAm()).allocate(AllocateRequest.newBuilder()
        .addReleases(app.worker()).build());

    assertThat(answer.getCompletedContainerStatusesList()).extracting(ContainerStatus::getContainerId,
        ContainerStatus::getExitStatus).containsExactly(
            org.assertj.core.groups.Tuple.tuple(app.worker(), ExitStatus.KILLED_BY_APPMASTER));
    await().atMost(Duration.ofSeconds(10)).until(() -> stopAsked(app.worker()));
    assertThat(ContainerId.parse(app.worker()).attemptId().attempt()).isEqualTo(1);
  }

  @Test
  void lastAttemptFails_keptWorkerIsStoppedWithTheApplication() {
    AfterAmDied app = workerRunning_thenFirstAmDies(true);
    h.heartbeat(node, RmHarness.exited(FakeNodeManager.containerId(h.awaitStart(node, 2)), 1));

    h.awaitState(app.appId(), YarnApplicationState.FAILED);
    await().atMost(Duration.ofSeconds(10)).until(() -> stopAsked(app.worker()));
  }
}
