package io.weft.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.client.records.ApplicationReport;
import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.client.records.ContainerLaunchContext;
import io.weft.client.records.ContainerReport;
import io.weft.client.records.ContainerState;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.LocalResource;
import io.weft.client.records.LocalResourceType;
import io.weft.client.records.NodeState;
import io.weft.client.records.QueueState;
import io.weft.client.records.YarnApplicationAttemptState;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.proto.ApplicationAttemptState;
import io.weft.proto.ApplicationResourceUsageReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ProtoReportsTest {
  private static final ApplicationId APP = new ApplicationId(1_700_000_000_000L, 7);

  @ParameterizedTest
  @EnumSource(value = io.weft.proto.YarnApplicationState.class, names = {"APP_STATE_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyApplicationState_mapsToTheSameName_andBack(io.weft.proto.YarnApplicationState wire) {
    YarnApplicationState typed = ProtoReports.applicationState(wire);
    assertThat(typed.name()).isEqualTo(wire.name());
    assertThat(ProtoReports.toProto(typed)).isEqualTo(wire);
  }

  @ParameterizedTest
  @EnumSource(value = io.weft.proto.FinalApplicationStatus.class, names = "UNRECOGNIZED",
      mode = EnumSource.Mode.EXCLUDE)
  void everyFinalStatus_losesProtosPrefix(io.weft.proto.FinalApplicationStatus wire) {
    assertThat(ProtoReports.finalStatus(wire).name()).isEqualTo(wire.name().substring("FINAL_".length()));
  }

  @ParameterizedTest
  @EnumSource(value = io.weft.proto.NodeState.class, names = {"NODE_STATE_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyNodeState_losesProtosPrefix_andMapsBack(io.weft.proto.NodeState wire) {
    NodeState typed = ProtoReports.nodeState(wire);
    assertThat(typed.name()).isEqualTo(wire.name().substring("NODE_".length()));
    assertThat(ProtoReports.toProto(typed)).isEqualTo(wire);
  }

  @ParameterizedTest
  @EnumSource(value = ApplicationAttemptState.class, names = {"ATTEMPT_STATE_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyAttemptState_losesProtosPrefix(ApplicationAttemptState wire) {
    assertThat(ProtoReports.attemptState(wire).name()).isEqualTo(wire.name().substring("ATTEMPT_".length()));
  }

  @ParameterizedTest
  @EnumSource(value = io.weft.proto.ContainerState.class, names = {"CONTAINER_STATE_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyContainerState_losesProtosPrefix(io.weft.proto.ContainerState wire) {
    assertThat(ProtoReports.containerState(wire).name()).isEqualTo(wire.name().substring("CONTAINER_".length()));
  }

  @Test
  void everyTypedState_isReachedFromTheWire() {
    assertThat(mapAll(io.weft.proto.YarnApplicationState.values(), ProtoReports::applicationState))
        .containsExactlyInAnyOrder(YarnApplicationState.values());
    assertThat(mapAll(io.weft.proto.FinalApplicationStatus.values(), ProtoReports::finalStatus))
        .containsExactlyInAnyOrder(FinalApplicationStatus.values());
    assertThat(mapAll(io.weft.proto.NodeState.values(), ProtoReports::nodeState))
        .containsExactlyInAnyOrder(NodeState.values());
    assertThat(mapAll(ApplicationAttemptState.values(), ProtoReports::attemptState))
        .containsExactlyInAnyOrder(YarnApplicationAttemptState.values());
    assertThat(mapAll(io.weft.proto.ContainerState.values(), ProtoReports::containerState))
        .containsExactlyInAnyOrder(ContainerState.values());
  }

  @Test
  void aWireValueWithoutCounterpart_isRefusedNamingIt() {
    assertThatThrownBy(() -> ProtoReports.applicationState(io.weft.proto.YarnApplicationState.APP_STATE_UNSPECIFIED))
        .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.code()).isEqualTo(WeftException.Code.INTERNAL))
        .hasMessageContaining("application state APP_STATE_UNSPECIFIED");
    assertThatThrownBy(() -> ProtoReports.nodeState(io.weft.proto.NodeState.NODE_STATE_UNSPECIFIED))
        .hasMessageContaining("node state NODE_STATE_UNSPECIFIED");
    assertThatThrownBy(() -> ProtoReports.attemptState(ApplicationAttemptState.UNRECOGNIZED))
        .hasMessageContaining("application attempt state UNRECOGNIZED");
    assertThatThrownBy(() -> ProtoReports.containerState(io.weft.proto.ContainerState.CONTAINER_STATE_UNSPECIFIED))
        .hasMessageContaining("container state CONTAINER_STATE_UNSPECIFIED");
    assertThatThrownBy(() -> ProtoReports.finalStatus(io.weft.proto.FinalApplicationStatus.UNRECOGNIZED))
        .hasMessageContaining("final application status UNRECOGNIZED");
    assertThatThrownBy(() -> ProtoReports.queueState("DRAINING"))
        .hasMessageContaining("queue state 'DRAINING'");
    assertThat(ProtoReports.queueState("STOPPED")).isEqualTo(QueueState.STOPPED);
  }

  @Test
  void applicationReport_carriesEveryFieldWithYarnsNames_andIdsAsRecords() {
    io.weft.proto.ApplicationReport wire = io.weft.proto.ApplicationReport.newBuilder()
        .setApplicationId(APP.toString()).setCurrentApplicationAttemptId(new ApplicationAttemptId(APP, 2).toString())
        .setUser("alice").setQueue("root.default").setName("pi").setHost("h1").setRpcPort(4040)
        .setState(io.weft.proto.YarnApplicationState.RUNNING).setDiagnostics("fine").setTrackingUrl("http://t")
        .setOriginalTrackingUrl("http://o").setStartTimeMs(10).setLaunchTimeMs(20).setFinishTimeMs(30)
        .setFinalStatus(io.weft.proto.FinalApplicationStatus.FINAL_UNDEFINED)
        .setUsage(ApplicationResourceUsageReport.newBuilder().setNumUsedContainers(3).setMemorySeconds(1234)
            .setVcoreSeconds(56).setUsedResources(io.weft.proto.Resource.newBuilder().setMemoryMb(2048).setVcores(2)))
        .setProgress(0.5f).setApplicationType("WEFT").addApplicationTags("b").addApplicationTags("a").setPriority(3)
        .setAmContainerId(new ContainerId(new ApplicationAttemptId(APP, 2), 1).toString()).setAmNodeId("h1:8041")
        .setWaitingReason("").setLifetimeExpiryMs(99)
        .build();

    ApplicationReport report = ProtoReports.application(wire);

    assertThat(report.getApplicationId()).isEqualTo(APP);
    assertThat(report.getCurrentApplicationAttemptId()).contains(new ApplicationAttemptId(APP, 2));
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.RUNNING);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.UNDEFINED);
    assertThat(report.getApplicationResourceUsageReport().getMemorySeconds()).isEqualTo(1234);
    assertThat(report.getApplicationResourceUsageReport().getVcoreSeconds()).isEqualTo(56);
    assertThat(report.getApplicationResourceUsageReport().getUsedResources()).isEqualTo(Resource.of(2048, 2));
    assertThat(report.getApplicationTags()).containsExactly("b", "a");
    assertThat(report.getAmContainerId()).contains(new ContainerId(new ApplicationAttemptId(APP, 2), 1));
    assertThat(report.getAmNodeId()).contains(new NodeId("h1", 8041));
    assertThat(List.of(report.getUser(), report.getQueue(), report.getName(), report.getHost(),
        report.getDiagnostics(), report.getTrackingUrl(), report.getOriginalTrackingUrl(), report.getApplicationType()))
        .containsExactly("alice", "root.default", "pi", "h1", "fine", "http://t", "http://o", "WEFT");
    assertThat(List.of(report.getStartTime(), report.getLaunchTime(), report.getFinishTime(),
        report.getLifetimeExpiryTime())).containsExactly(10L, 20L, 30L, 99L);
    assertThat(report.getRpcPort()).isEqualTo(4040);
    assertThat(report.getPriority()).isEqualTo(3);
    assertThat(report.getProgress()).isEqualTo(0.5f);
  }

  @Test
  void idsNotYetKnown_areEmptyNotParsed() {
    ApplicationReport report = ProtoReports.application(io.weft.proto.ApplicationReport.newBuilder()
        .setApplicationId(APP.toString()).setState(io.weft.proto.YarnApplicationState.ACCEPTED).build());

    assertThat(report.getCurrentApplicationAttemptId()).isEmpty();
    assertThat(report.getAmContainerId()).isEmpty();
    assertThat(report.getAmNodeId()).isEmpty();
  }

  @Test
  void containerReport_namesItsNodeAndStateAsYarnDoes() {
    ContainerId id = new ContainerId(new ApplicationAttemptId(APP, 1), 4);
    ContainerReport report = ProtoReports.container(io.weft.proto.ContainerReport.newBuilder()
        .setContainerId(id.toString()).setNodeId("h2:8041").setState(io.weft.proto.ContainerState.CONTAINER_COMPLETE)
        .setExitStatus(-105).setDiagnostics("killed by the AM")
        .setAllocated(io.weft.proto.Resource.newBuilder().setMemoryMb(512).setVcores(1)).build());

    assertThat(report.getContainerId()).isEqualTo(id);
    assertThat(report.getAssignedNode()).isEqualTo(new NodeId("h2", 8041));
    assertThat(report.getContainerState()).isEqualTo(ContainerState.COMPLETE);
    assertThat(report.getContainerExitStatus()).isEqualTo(-105);
    assertThat(report.getDiagnosticsInfo()).isEqualTo("killed by the AM");
    assertThat(report.getAllocatedResource()).isEqualTo(Resource.of(512, 1));
  }

  @Test
  void submissionContext_reachesTheWireWhole() {
    LocalResource jar = LocalResource.newBuilder().uri("staging:abc").type(LocalResourceType.ARCHIVE).size(10)
        .sha256("abc").build();
    ApplicationSubmissionContext context = ApplicationSubmissionContext.newBuilder().applicationId(APP)
        .applicationName("pi").queue("q").priority(2).resource(Resource.of(768, 2)).maxAppAttempts(3)
        .applicationType("WEFT").applicationTags(List.of("x", "y")).keepContainersAcrossApplicationAttempts(true)
        .user("alice").amResourceName("h1").lifetime(Duration.ofMinutes(2)).unmanagedAM(false)
        .amContainerSpec(ContainerLaunchContext.newBuilder().commands(List.of("java", "Main"))
            .environment(Map.of("A", "1")).localResources(Map.of("app.jar", jar)).build())
        .build();

    io.weft.proto.ApplicationSubmissionContext wire = ProtoReports.toProto(context);

    assertThat(wire.getApplicationId()).isEqualTo(APP.toString());
    assertThat(List.of(wire.getName(), wire.getQueue(), wire.getApplicationType(), wire.getUser(),
        wire.getAmResourceName())).containsExactly("pi", "q", "WEFT", "alice", "h1");
    assertThat(wire.getPriority()).isEqualTo(2);
    assertThat(wire.getMaxAppAttempts()).isEqualTo(3);
    assertThat(wire.getKeepContainersAcrossApplicationAttempts()).isTrue();
    assertThat(wire.getLifetimeSeconds()).isEqualTo(120);
    assertThat(wire.getApplicationTagsList()).containsExactly("x", "y");
    assertThat(wire.getAmResource().getMemoryMb()).isEqualTo(768);
    assertThat(wire.getAmResource().getVcores()).isEqualTo(2);
    assertThat(wire.getAmContainerSpec().getCommandList()).containsExactly("java", "Main");
    assertThat(wire.getAmContainerSpec().getEnvironmentMap()).containsEntry("A", "1");
    io.weft.proto.LocalResource wireJar = wire.getAmContainerSpec().getLocalResourcesOrThrow("app.jar");
    assertThat(wireJar.getType()).isEqualTo(io.weft.proto.LocalResourceType.ARCHIVE);
    assertThat(ProtoReports.localResource(wireJar)).isEqualTo(jar);
  }

  private static <W extends Enum<W>, T> List<T> mapAll(W[] wire, Function<W, T> map) {
    return java.util.Arrays.stream(wire).<T>mapMulti((value, out) -> {
      try {
        out.accept(map.apply(value));
      } catch (WeftException e) {
        // the unset and unrecognized values: refused, tested above
      }
    }).toList();
  }
}
