package io.weft.rm;

import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.security.AuthHeaders;
import io.weft.common.testing.InProcessGrpc;
import io.weft.common.testing.MutableClock;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.ApplicationReport;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.Container;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerState;
import io.weft.proto.ContainerStatus;
import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.proto.MasterKey;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.NodeStatus;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.RegisterNodeManagerResponse;
import io.weft.proto.Resource;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.Token;
import io.weft.proto.YarnApplicationState;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The real ResourceManager with a fake clock, served in-process, plus recording fake
 * NodeManagers it reaches in-process too.
 */
final class RmHarness implements AutoCloseable {
  final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
  final ResourceManager rm;
  final ManagedChannel channel;
  /** The RM's channels to the fake NMs. */
  final io.weft.rm.rpc.NodeChannels nodeChannels;
  private final InProcessGrpc grpc;
  private final Map<NodeId, ManagedChannel> nmChannels = new ConcurrentHashMap<>();

  RmHarness(InProcessGrpc grpc, Path stagingDir, Map<String, String> conf) {
    this.grpc = grpc;
    Map<String, String> values = new LinkedHashMap<>();
    values.put(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0");
    values.put(CommonKeys.RM_WEBAPP_ADDRESS.key(), "127.0.0.1:0");
    values.put(RmKeys.STAGING_DIR.key(), stagingDir.toString());
    // The real durable store, of this harness alone (the staging store never lists its directory).
    values.put(RmKeys.STORE_DIR.key(), stagingDir.resolve("rm-state").toString());
    values.putAll(conf);
    nodeChannels = new io.weft.rm.rpc.NodeChannels(nmChannels::get);
    rm = new ResourceManager(WeftConfig.of(values), clock, nodeChannels);
    rm.start();
    channel = grpc.serve(rm.services());
  }

  ApplicationClientServiceGrpc.ApplicationClientServiceBlockingStub client() {
    return ApplicationClientServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  ResourceTrackerServiceGrpc.ResourceTrackerServiceBlockingStub tracker() {
    return ResourceTrackerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  ApplicationMasterServiceGrpc.ApplicationMasterServiceBlockingStub am(Token token) {
    return ApplicationMasterServiceGrpc.newBlockingStub(channel).withInterceptors(amrmHeader(token))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  ApplicationMasterServiceGrpc.ApplicationMasterServiceFutureStub amAsync(Token token) {
    return ApplicationMasterServiceGrpc.newFutureStub(channel).withInterceptors(amrmHeader(token))
        .withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private static io.grpc.ClientInterceptor amrmHeader(Token token) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(AuthHeaders.AMRM_TOKEN, token.toByteArray());
    }
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** The in-process channel to a fake NM's ContainerManagementService (null for an unknown node). */
  io.grpc.Channel nmChannel(NodeId node) {
    return nmChannels.get(node);
  }

  /** A registered fake NodeManager. */
  record Node(NodeId id, FakeNodeManager service, MasterKey containerKey) {}

  Node registerNode(String host, int port, long memoryMb, int vcores) {
    NodeId id = new NodeId(host, port);
    FakeNodeManager service = new FakeNodeManager();
    nmChannels.put(id, grpc.serve(service));
    RegisterNodeManagerResponse response = tracker().registerNodeManager(RegisterNodeManagerRequest.newBuilder()
        .setNodeId(id.toString()).setHttpAddress(host + ":" + (port + 1))
        .setResource(Resource.newBuilder().setMemoryMb(memoryMb).setVcores(vcores))
        .setLogDir("/var/log/weft-" + port).build());
    return new Node(id, service, response.getContainerTokenMasterKey());
  }

  /**
   * One whole master-key roll on the fake clock: the next keys made (seen on a heartbeat of
   * {@code node}, which reports no keys, so every answer names the newest), then activated.
   */
  void rollMasterKeys(Node node, Duration interval, Duration activationDelay) {
    int before = heartbeat(node).getNmTokenMasterKey().getKeyId();
    clock.advance(interval.minus(activationDelay));
    org.awaitility.Awaitility.await("the next keys made").atMost(Duration.ofSeconds(20))
        .until(() -> heartbeat(node).getNmTokenMasterKey().getKeyId() != before);
    clock.advance(activationDelay);
  }

  NodeHeartbeatResponse heartbeat(Node node, ContainerStatus... statuses) {
    return tracker().nodeHeartbeat(NodeHeartbeatRequest.newBuilder().setNodeStatus(NodeStatus.newBuilder()
        .setNodeId(node.id().toString()).addAllContainerStatuses(List.of(statuses))).build());
  }

  /** A heartbeat that reports the node's health. */
  NodeHeartbeatResponse heartbeat(Node node, boolean healthy, String healthReport, ContainerStatus... statuses) {
    return tracker().nodeHeartbeat(NodeHeartbeatRequest.newBuilder().setNodeStatus(NodeStatus.newBuilder()
        .setNodeId(node.id().toString()).addAllContainerStatuses(List.of(statuses))
        .setNodeHealthStatus(io.weft.proto.NodeHealthStatus.newBuilder().setIsNodeHealthy(healthy)
            .setHealthReport(healthReport))).build());
  }

  static ContainerStatus exited(String containerId, int exitStatus) {
    return ContainerStatus.newBuilder().setContainerId(containerId).setState(ContainerState.CONTAINER_COMPLETE)
        .setExitStatus(exitStatus).build();
  }

  static ContainerStatus running(String containerId) {
    return ContainerStatus.newBuilder().setContainerId(containerId).setState(ContainerState.CONTAINER_RUNNING).build();
  }

  String newApplication() {
    return client().getNewApplication(GetNewApplicationRequest.getDefaultInstance()).getApplicationId();
  }

  static ApplicationSubmissionContext.Builder submission(String appId, long amMemoryMb) {
    return ApplicationSubmissionContext.newBuilder().setApplicationId(appId).setName("test-app").setQueue("default")
        .setUser("alice").setApplicationType("WEFT")
        .setAmResource(Resource.newBuilder().setMemoryMb(amMemoryMb).setVcores(1))
        .setAmContainerSpec(ContainerLaunchContext.newBuilder().addCommand("java").addCommand("AppMaster")
            .putEnvironment("FROM_CLIENT", "yes"));
  }

  String submit(long amMemoryMb) {
    return submit(amMemoryMb, "default");
  }

  String submit(long amMemoryMb, String queue) {
    String appId = newApplication();
    client().submitApplication(SubmitApplicationRequest.newBuilder()
        .setSubmissionContext(submission(appId, amMemoryMb).setQueue(queue)).build());
    return appId;
  }

  ApplicationReport report(String appId) {
    return client().getApplicationReport(GetApplicationReportRequest.newBuilder().setApplicationId(appId).build())
        .getReport();
  }

  ApplicationReport awaitState(String appId, YarnApplicationState state) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> report(appId), r -> r.getState() == state);
  }

  /** Waits for the fake NM to have been asked to start the n-th (1-based) container. */
  StartContainerRequest awaitStart(Node node, int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> node.service().started.size() >= n);
    return node.service().started.get(n - 1);
  }

  static Token amrmToken(StartContainerRequest launch) {
    try {
      return Token.parseFrom(Base64.getDecoder().decode(
          launch.getContainerLaunchContext().getEnvironmentOrThrow(ContainerEnv.AMRM_TOKEN)));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Registers the AM whose container {@code launch} started; the AM as a test drives it. */
  RegisteredAm registerAm(StartContainerRequest launch) {
    Token token = amrmToken(launch);
    am(token).registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());
    return new RegisteredAm(token);
  }

  /** A registered AM: each Allocate carries the response id of its last answer, as YARN's AMs do. */
  final class RegisteredAm {
    private final Token token;
    private int lastResponseId;

    private RegisteredAm(Token token) {
      this.token = token;
    }

    AllocateResponse allocate(AllocateRequest.Builder request) {
      AllocateResponse answer = am(token).allocate(request.setResponseId(lastResponseId).build());
      lastResponseId = answer.getResponseId();
      return answer;
    }

    /** Heartbeats until {@code count} containers in all, {@code already} included, were allocated. */
    List<Container> awaitAllocated(List<Container> already, int count) {
      List<Container> got = new ArrayList<>(already);
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        got.addAll(allocate(AllocateRequest.newBuilder()).getAllocatedContainersList());
        return got.size() >= count;
      });
      return got;
    }
  }

  @Override
  public void close() {
    rm.close();
  }
}
