package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.security.MasterKey;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AllocateRequest;
import io.weft.proto.ApplicationReport;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerTokenIdentifier;
import io.weft.proto.FinalApplicationStatus;
import io.weft.proto.FinishApplicationMasterRequest;
import io.weft.proto.GetApplicationAttemptsRequest;
import io.weft.proto.KillApplicationRequest;
import io.weft.proto.RegisterApplicationMasterRequest;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ApplicationLifecycleTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;

  @BeforeEach
  void start() {
    h = new RmHarness(grpc, staging, Map.of());
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private void submit(io.weft.proto.ApplicationSubmissionContext.Builder context) {
    h.client().submitApplication(SubmitApplicationRequest.newBuilder().setSubmissionContext(context).build());
  }

  private static StatusRuntimeException failure(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("call succeeded");
  }

  @Test
  void submit_launchesAmOnNm_withRmAddressTokensAndEnv() throws Exception {
    RmHarness.Node node = h.registerNode("127.0.0.1", 40111, 8192, 8);
    String appId = h.submit(1408);

    StartContainerRequest launch = h.awaitStart(node, 1);
    ContainerLaunchContext ctx = launch.getContainerLaunchContext();
    assertThat(ctx.getCommandList()).containsExactly("java", "AppMaster");
    assertThat(ctx.getEnvironmentMap()).containsEntry("FROM_CLIENT", "yes")
        .containsEntry(ContainerEnv.RM_ADDRESS, h.rm.address().toString())
        .containsEntry(ContainerEnv.MAX_APP_ATTEMPTS, "2")
        .containsKeys(ContainerEnv.APP_SUBMIT_TIME, ContainerEnv.AMRM_TOKEN);
    ContainerTokenIdentifier id = ContainerTokenIdentifier.parseFrom(launch.getContainerToken().getIdentifier());
    String suffix = appId.substring("application_".length());
    assertThat(id.getContainerId()).isEqualTo("container_" + suffix + "_01_000001");
    assertThat(id.getResource().getMemoryMb()).isEqualTo(2048);
    assertThat(id.getNodeId()).isEqualTo("127.0.0.1:40111");
    MasterKey key = new MasterKey(node.containerKey().getKeyId(), node.containerKey().getBytes().toByteArray());
    assertThat(key.verify(launch.getContainerToken().getIdentifier().toByteArray(),
        launch.getContainerToken().getPassword().toByteArray())).isTrue();
    ApplicationReport report = h.report(appId);
    assertThat(report.getState()).isEqualTo(YarnApplicationState.ACCEPTED);
    assertThat(report.getTrackingUrl()).isEqualTo("http://" + h.rm.webAddress() + "/proxy/" + appId + "/");
    assertThat(report.getAmContainerId()).isEqualTo(id.getContainerId());
  }

  @Test
  void submission_errors_areNamedWithTheRightCodes() {
    StatusRuntimeException unknown = failure(() -> submit(RmHarness.submission("application_1_0042", 1024)));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);

    String appId = h.newApplication();
    StatusRuntimeException noCommand = failure(() -> submit(RmHarness.submission(appId, 1024)
        .setAmContainerSpec(ContainerLaunchContext.getDefaultInstance())));
    assertThat(noCommand.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noCommand.getStatus().getDescription()).contains("no AM command");

    StatusRuntimeException tooBig = failure(() -> submit(RmHarness.submission(appId, 65536)));
    assertThat(tooBig.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(tooBig.getStatus().getDescription())
        .isEqualTo("AM container memory 65536 MB exceeds the maximum allocation 8192 MB");

    submit(RmHarness.submission(appId, 1024));
    StatusRuntimeException again = failure(() -> submit(RmHarness.submission(appId, 1024)));
    assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  @Test
  void amUnregisters_thenItsContainerExits_appFinishesSucceeded_andNmsAreToldToCleanUp() {
    RmHarness.Node node = h.registerNode("n1", 1, 8192, 8);
    String appId = h.submit(1024);
    StartContainerRequest launch = h.awaitStart(node, 1);
    Token token = RmHarness.amrmToken(launch);
    String amContainer = FakeNodeManager.containerId(launch);
    h.am(token).registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder().setHost("n1").build());
    assertThat(h.report(appId).getState()).isEqualTo(YarnApplicationState.RUNNING);
    var executor = h.am(token).allocate(AllocateRequest.newBuilder().addAsks(ResourceRequest.newBuilder()
        .setResourceName("*").setPriority(1).setNumContainers(1)
        .setCapability(io.weft.proto.Resource.newBuilder().setMemoryMb(1024).setVcores(1))).build());
    assertThat(executor.getAllocatedContainersCount()).isEqualTo(1);

    assertThat(h.am(token).finishApplicationMaster(FinishApplicationMasterRequest.newBuilder()
        .setFinalApplicationStatus(FinalApplicationStatus.FINAL_SUCCEEDED).setDiagnostics("done").build())
        .getIsUnregistered()).isTrue();
    // the RM waits for the AM container to exit (its own FINISHING); clients see FINISHED, as YARN shows it
    ApplicationReport finishing = h.report(appId);
    assertThat(finishing.getState()).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(finishing.getFinishTimeMs()).isPositive();
    await().atMost(Duration.ofSeconds(10)).until(() -> node.service().stopped.stream()
        .anyMatch(s -> s.getContainerIdsList().contains(executor.getAllocatedContainers(0).getId())));

    var answer = h.heartbeat(node, RmHarness.exited(amContainer, 0));
    assertThat(answer.getApplicationsToCleanupList()).containsExactly(appId);
    ApplicationReport report = h.awaitState(appId, YarnApplicationState.FINISHED);
    assertThat(report.getFinalStatus()).isEqualTo(FinalApplicationStatus.FINAL_SUCCEEDED);
    assertThat(report.getDiagnostics()).isEqualTo("done");
    assertThat(h.heartbeat(node).getApplicationsToCleanupList()).isEmpty();
  }

  @Test
  void amReportsFailedFinalStatus_appEndsFailed() {
    RmHarness.Node node = h.registerNode("n1", 1, 8192, 8);
    String appId = h.submit(1024);
    StartContainerRequest launch = h.awaitStart(node, 1);
    Token token = RmHarness.amrmToken(launch);
    h.am(token).registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());
    h.am(token).finishApplicationMaster(FinishApplicationMasterRequest.newBuilder()
        .setFinalApplicationStatus(FinalApplicationStatus.FINAL_FAILED)
        .setDiagnostics("java.lang.ClassNotFoundException: Nope").build());
    h.heartbeat(node, RmHarness.exited(FakeNodeManager.containerId(launch), 0));
    ApplicationReport report = h.awaitState(appId, YarnApplicationState.FAILED);
    assertThat(report.getFinalStatus()).isEqualTo(FinalApplicationStatus.FINAL_FAILED);
    assertThat(report.getDiagnostics()).contains("ClassNotFoundException");
  }

  @Test
  void amContainerExitsBeforeUnregistering_retriesOnce_thenFailsWithTheExitCodeAndLogHint() {
    RmHarness.Node node = h.registerNode("n1", 1, 8192, 8);
    String appId = h.submit(1024);
    String first = FakeNodeManager.containerId(h.awaitStart(node, 1));
    h.heartbeat(node, RmHarness.exited(first, 1));

    String second = FakeNodeManager.containerId(h.awaitStart(node, 2));
    assertThat(ContainerId.parse(second).attemptId().attempt()).isEqualTo(2);
    assertThat(second).endsWith("_02_000001");
    assertThat(h.report(appId).getState()).isEqualTo(YarnApplicationState.ACCEPTED);
    h.heartbeat(node, RmHarness.exited(second, 3));

    ApplicationReport report = h.awaitState(appId, YarnApplicationState.FAILED);
    assertThat(report.getFinalStatus()).isEqualTo(FinalApplicationStatus.FINAL_FAILED);
    assertThat(report.getDiagnostics()).contains("failed 2 times")
        .contains("AM container " + second + " exited with code 3")
        .contains("/var/log/weft-1/" + appId + "/" + second + "/stderr");
    var attempts = h.client().getApplicationAttempts(GetApplicationAttemptsRequest.newBuilder()
        .setApplicationId(appId).build()).getAttemptsList();
    assertThat(attempts).hasSize(2).allSatisfy(a ->
        assertThat(a.getState()).isEqualTo(io.weft.proto.ApplicationAttemptState.ATTEMPT_FAILED));
  }

  @Test
  void amLaunchRefusedByNm_failsTheAttemptWithTheNmReason() {
    RmHarness.Node node = h.registerNode("n1", 1, 8192, 8);
    node.service().refuseWith = "container does not fit";
    String appId = h.submit(1024);
    ApplicationReport report = h.awaitState(appId, YarnApplicationState.FAILED);
    assertThat(report.getDiagnostics()).contains("container does not fit");
  }

  @Test
  void kill_stopsContainersOnNms_endsKilled_andIsIdempotent() {
    RmHarness.Node node = h.registerNode("n1", 1, 8192, 8);
    String appId = h.submit(1024);
    String am = FakeNodeManager.containerId(h.awaitStart(node, 1));

    var response = h.client().killApplication(KillApplicationRequest.newBuilder().setApplicationId(appId).build());
    assertThat(response.getIsKillCompleted()).isTrue();
    ApplicationReport report = h.report(appId);
    assertThat(report.getState()).isEqualTo(YarnApplicationState.KILLED);
    assertThat(report.getFinalStatus()).isEqualTo(FinalApplicationStatus.FINAL_KILLED);
    await().atMost(Duration.ofSeconds(10)).until(() -> node.service().stopped.stream()
        .anyMatch(s -> s.getContainerIdsList().contains(am) && s.getExitStatus() == -106));
    assertThat(h.heartbeat(node).getApplicationsToCleanupList()).containsExactly(appId);

    assertThat(h.client().killApplication(KillApplicationRequest.newBuilder().setApplicationId(appId).build())
        .getIsKillCompleted()).isTrue();
    StatusRuntimeException unknown = failure(() -> h.client().killApplication(KillApplicationRequest.newBuilder()
        .setApplicationId("application_1_0099").build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void amTooBigForAnyNode_waitsWithAReason_andIsPlacedWhenABigEnoughNodeRegisters() {
    h.registerNode("127.0.0.1", 40111, 2048, 8);
    String appId = h.submit(4096);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.report(appId).getWaitingReason(),
        r -> r.equals("no node has 4096 MB free (largest free: 2048 MB on 127.0.0.1:40111)"));
    assertThat(h.report(appId).getDiagnostics()).startsWith("waiting: no node has 4096 MB free");

    RmHarness.Node big = h.registerNode("127.0.0.2", 40111, 8192, 8);
    h.awaitStart(big, 1);
    assertThat(h.report(appId).getWaitingReason()).isEmpty();
  }
}
