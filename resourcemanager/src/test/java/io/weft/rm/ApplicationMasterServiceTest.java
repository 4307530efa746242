package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.proto.Container;
import io.weft.proto.ContainerReport;
import io.weft.proto.GetContainersRequest;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.ResourceRequest;
import io.weft.proto.Token;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ApplicationMasterServiceTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  RmHarness.Node n1;
  Token token;
  String appId;

  @BeforeEach
  void startAppWithRegisteredAm() {
    h = new RmHarness(grpc, staging, Map.of(RmKeys.ALLOCATE_MAX_WAIT.key(), "60000"));
    n1 = h.registerNode("n1", 1, 8192, 8);
    appId = h.submit(1024);
    token = RmHarness.amrmToken(h.awaitStart(n1, 1));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private void register() {
    h.am(token).registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder().setHost("n1").build());
  }

  static ResourceRequest ask(long memoryMb, int count) {
    return ResourceRequest.newBuilder().setResourceName("*").setPriority(1).setNumContainers(count)
        .setCapability(io.weft.proto.Resource.newBuilder().setMemoryMb(memoryMb).setVcores(1)).build();
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
  void callsWithoutAGenuineToken_areUnauthenticated() {
    assertThat(failure(() -> h.am(null).registerApplicationMaster(RegisterApplicationMasterRequest
        .getDefaultInstance())).getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    Token forged = token.toBuilder().setPassword(ByteString.copyFromUtf8("not-the-signature-at-all")).build();
    assertThat(failure(() -> h.am(forged).allocate(AllocateRequest.getDefaultInstance())).getStatus().getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void tokenForAnotherAttempt_isPermissionDenied() {
    String other = "appattempt_" + appId.substring("application_".length()) + "_000002";
    StatusRuntimeException e = failure(() -> h.am(token).registerApplicationMaster(
        RegisterApplicationMasterRequest.newBuilder().setApplicationAttemptId(other).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription()).contains(other);
  }

  @Test
  void allocateBeforeRegistering_isFailedPrecondition() {
    assertThat(failure(() -> h.am(token).allocate(AllocateRequest.getDefaultInstance())).getStatus().getCode())
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void asks_areNormalizedUpToTheMinimumAllocation_andRefusedAboveTheMaximum() {
    register();
    AllocateResponse response = h.am(token).allocate(AllocateRequest.newBuilder().addAsks(ask(1408, 1)).build());
    assertThat(response.getAllocatedContainersList()).singleElement()
        .satisfies(c -> assertThat(c.getResource().getMemoryMb()).isEqualTo(2048));
    StatusRuntimeException e = failure(() -> h.am(token).allocate(AllocateRequest.newBuilder()
        .setResponseId(response.getResponseId()).addAsks(ask(16384, 1)).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).isEqualTo("container memory 16384 MB exceeds the maximum allocation 8192 MB");
  }

  @Test
  void containers_spreadAcrossNodes_andCarryTokenAndNodeAddresses() {
    h.registerNode("n2", 2, 8192, 8);
    register();
    AllocateResponse response = h.am(token).allocate(AllocateRequest.newBuilder().addAsks(ask(2048, 2)).build());
    assertThat(response.getAllocatedContainersList()).extracting(Container::getNodeId)
        .containsExactlyInAnyOrder("n1:1", "n2:2");
    assertThat(response.getAllocatedContainersList()).allSatisfy(c -> {
      assertThat(c.getContainerToken().getPassword()).isNotEmpty();
      assertThat(c.getNodeHttpAddress()).endsWith(":" + (Integer.parseInt(c.getNodeId().split(":")[1]) + 1));
    });
    assertThat(response.getNumClusterNodes()).isEqualTo(2);
    assertThat(response.getAvailableResources().getMemoryMb()).isEqualTo(16384 - 1024 - 4096);
  }

  @Test
  void longPoll_returnsAsSoonAsANewNodeMakesTheAskFit() throws Exception {
    register();
    AllocateResponse first = h.am(token).allocate(AllocateRequest.newBuilder().addAsks(ask(8192, 1)).build());
    assertThat(first.getAllocatedContainersCount()).isZero();
    assertThat(first.getWaitingReason()).isEqualTo("no node has 8192 MB free (largest free: 7168 MB on n1:1)");

    var pending = h.amAsync(token).allocate(AllocateRequest.newBuilder().setResponseId(first.getResponseId())
        .setMaxWaitMs(60_000).build());
    assertThat(pending.isDone()).isFalse();
    h.registerNode("n2", 2, 8192, 8);
    await().atMost(Duration.ofSeconds(10)).until(pending::isDone);
    assertThat(pending.get(1, TimeUnit.SECONDS).getAllocatedContainersList()).singleElement()
        .satisfies(c -> assertThat(c.getNodeId()).isEqualTo("n2:2"));
  }

  @Test
  void aLongPollOpenWhenTheRmStopsServing_failsUnavailableAtOnce_soTheAmRetriesWhereTheActiveRmIs() {
    register();
    AllocateResponse first = h.am(token).allocate(AllocateRequest.newBuilder().build());
    var pending = h.amAsync(token).allocate(AllocateRequest.newBuilder().setResponseId(first.getResponseId())
        .setMaxWaitMs(60_000).build());
    assertThat(pending.isDone()).isFalse();

    h.rm.close(); // what stepping down to standby does to the active services; the server stays up

    await("the open long poll to end").atMost(Duration.ofSeconds(10)).until(pending::isDone);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(pending::get)).cause()
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).contains("stopped serving");
        });
  }

  @Test
  void release_freesCapacity_andTheWaitingAskIsPlacedAtOnce() {
    register();
    AllocateResponse first = h.am(token).allocate(AllocateRequest.newBuilder().addAsks(ask(4096, 2)).build());
    assertThat(first.getAllocatedContainersCount()).isEqualTo(1);
    String released = first.getAllocatedContainers(0).getId();

    AllocateResponse second = h.am(token).allocate(AllocateRequest.newBuilder().addReleases(released)
        .setResponseId(first.getResponseId()).build());
    assertThat(second.getAllocatedContainersCount()).isEqualTo(1);
    assertThat(second.getCompletedContainerStatusesList()).singleElement()
        .satisfies(s -> assertThat(s.getContainerId()).isEqualTo(released));
    // the node never reported it running: it hears of it in its next heartbeat answer, not through a call
    assertThat(h.heartbeat(n1).getContainersToCleanupList()).containsExactly(released);
    assertThat(n1.service().stopped).noneMatch(s -> s.getContainerIdsList().contains(released));
  }

  @Test
  void anApplicationKeepsTheRecordsOfItsLast100EndedContainers_andARelease_ofAForgottenOneIsIgnored() {
    register();
    List<String> released = new ArrayList<>();
    AllocateResponse answer = h.am(token).allocate(AllocateRequest.newBuilder().addAsks(ask(1024, 1)).build());
    for (int i = 0; i < 105; i++) { // 100 is ClusterState.ENDED_CONTAINERS_KEPT
      assertThat(answer.getAllocatedContainersCount()).isEqualTo(1);
      String container = answer.getAllocatedContainers(0).getId();
      released.add(container);
      answer = h.am(token).allocate(AllocateRequest.newBuilder().setResponseId(answer.getResponseId())
          .addReleases(container).addAsks(ask(1024, 1)).build());
    }
    String live = answer.getAllocatedContainers(0).getId();

    String attempt = new ApplicationAttemptId(ApplicationId.parse(appId), 1).toString();
    List<String> listed = h.client().getContainers(GetContainersRequest.newBuilder().setApplicationAttemptId(attempt)
        .build()).getContainersList().stream().map(ContainerReport::getContainerId).toList();
    assertThat(listed).hasSize(1 + 100 + 1).contains(live).containsAll(released.subList(5, 105))
        .doesNotContainAnyElementsOf(released.subList(0, 5));

    AllocateResponse again = h.am(token).allocate(AllocateRequest.newBuilder().setResponseId(answer.getResponseId())
        .addReleases(released.get(0)).build());
    assertThat(again.getCompletedContainerStatusesList()).isEmpty();
  }

  @Test
  void releaseOfAContainerItsNodeReportedRunning_isStoppedByACallToTheNode() {
    register();
    AllocateResponse first = h.am(token).allocate(AllocateRequest.newBuilder().addAsks(ask(1024, 1)).build());
    String executor = first.getAllocatedContainers(0).getId();
    h.heartbeat(n1, RmHarness.running(executor));

    h.am(token).allocate(AllocateRequest.newBuilder().addReleases(executor).setResponseId(first.getResponseId())
        .build());

    await().atMost(Duration.ofSeconds(10)).until(() -> n1.service().stopped.stream()
        .anyMatch(s -> s.getContainerIdsList().contains(executor)));
    assertThat(h.heartbeat(n1).getContainersToCleanupList()).doesNotContain(executor);
  }

  @Test
  void containerCompletionReportedByNm_reachesTheAm_andWakesItsLongPoll() throws Exception {
    register();
    AllocateResponse first = h.am(token).allocate(AllocateRequest.newBuilder().addAsks(ask(1024, 1)).build());
    String executor = first.getAllocatedContainers(0).getId();
    h.heartbeat(n1, RmHarness.running(executor));
    var pending = h.amAsync(token).allocate(AllocateRequest.newBuilder().setResponseId(first.getResponseId())
        .setMaxWaitMs(60_000).build());
    assertThat(pending.isDone()).isFalse();

    h.heartbeat(n1, RmHarness.exited(executor, 143));
    await().atMost(Duration.ofSeconds(10)).until(pending::isDone);
    assertThat(pending.get().getCompletedContainerStatusesList()).singleElement().satisfies(s -> {
      assertThat(s.getContainerId()).isEqualTo(executor);
      assertThat(s.getExitStatus()).isEqualTo(143);
    });
  }
}
