package io.weft.nm;

import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.weft.common.security.AuthHeaders;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Channels;
import io.weft.nm.testing.FakeResourceManager;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.ContainerState;
import io.weft.proto.ContainerStatus;
import io.weft.proto.GetContainerStatusesRequest;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersRequest;
import io.weft.proto.StartContainersResponse;
import io.weft.proto.Token;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real NodeManager against a {@link FakeResourceManager}, with a client channel to it. */
final class NmHarness implements AutoCloseable {
  static final ApplicationId APP = new ApplicationId(FakeResourceManager.CLUSTER_TS, 1);
  static final ApplicationAttemptId ATTEMPT = new ApplicationAttemptId(APP, 1);

  final FakeResourceManager rm;
  final NodeManager nm;
  final ManagedChannel channel;
  /** Every container state change the NM told its observer of, as {@code <container> <state>}. */
  final List<String> observed = new CopyOnWriteArrayList<>();

  NmHarness(Path dir, FakeResourceManager rm, Map<String, String> extra) {
    this.rm = rm;
    WeftConfig config = WeftConfig.of(Map.of(
            CommonKeys.RM_ADDRESS.key(), rm.address().toString(),
            NmKeys.LOCAL_DIRS.key(), dir.resolve("local").toString(),
            NmKeys.LOG_DIRS.key(), dir.resolve("logs").toString(),
            NmKeys.MEMORY_MB.key(), "8192",
            NmKeys.CPU_VCORES.key(), "8",
            NmKeys.WEBAPP_ADDRESS.key(), "127.0.0.1:0",
            NmKeys.WARM_JVMS_ENABLED.key(), "false"))
        .with(extra);
    nm = new NodeManager(NmConfig.from(config.validate()), Clock.systemUTC(),
        (container, state) -> observed.add(container + " " + state));
    nm.start();
    channel = Channels.forAddress(nm.nodeId().address());
  }

  static ContainerId container(long n) {
    return new ContainerId(ATTEMPT, n);
  }

  /** A stub with an NM token of {@link #APP} for this node, as its AM holds (good for 10 minutes). */
  ContainerManagementServiceGrpc.ContainerManagementServiceBlockingStub stub() {
    return stub(rm.nmToken(ATTEMPT, nm.nodeId(), System.currentTimeMillis() + 600_000));
  }

  /** A stub presenting {@code nmToken}. */
  ContainerManagementServiceGrpc.ContainerManagementServiceBlockingStub stub(Token nmToken) {
    Metadata headers = new Metadata();
    headers.put(AuthHeaders.NM_TOKEN, nmToken.toByteArray());
    return bareStub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** A stub with no credentials. */
  ContainerManagementServiceGrpc.ContainerManagementServiceBlockingStub bareStub() {
    return ContainerManagementServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  void awaitRegistered() {
    await("registration of " + nm.nodeId()).atMost(Duration.ofSeconds(20)).until(nm::isRegistered);
  }

  Token token(ContainerId id, Resource resource) {
    return rm.token(id, nm.nodeId(), resource, System.currentTimeMillis() + 600_000);
  }

  StartContainerRequest request(ContainerId id, Resource resource, ContainerLaunchContext context) {
    return StartContainerRequest.newBuilder().setContainerToken(token(id, resource)).setContainerLaunchContext(context)
        .build();
  }

  /** A start request for {@code id} in an application submitted by {@code user}. */
  StartContainerRequest requestAs(String user, ContainerId id, Resource resource, ContainerLaunchContext context) {
    return StartContainerRequest.newBuilder().setContainerLaunchContext(context)
        .setContainerToken(rm.token(id, nm.nodeId(), resource, System.currentTimeMillis() + 600_000, 0, user)).build();
  }

  StartContainersResponse start(StartContainerRequest... requests) {
    return stub().startContainers(StartContainersRequest.newBuilder().addAllStartContainerRequests(List.of(requests))
        .build());
  }

  /** Starts a container running {@code command} and checks the NM accepted it. */
  ContainerId run(long n, Resource resource, ContainerLaunchContext.Builder context) {
    ContainerId id = container(n);
    StartContainersResponse response = start(request(id, resource, context.build()));
    if (response.getSuccessfullyStartedContainersCount() != 1) {
      throw new AssertionError("container " + id + " refused: " + response.getFailedRequestsList());
    }
    return id;
  }

  ContainerId run(long n, String... command) {
    return run(n, Resource.of(1024, 1), ContainerLaunchContext.newBuilder().addAllCommand(List.of(command)));
  }

  ContainerStatus status(ContainerId id) {
    var response = stub().getContainerStatuses(GetContainerStatusesRequest.newBuilder()
        .addContainerIds(id.toString()).build());
    if (response.getStatusesCount() == 0) {
      throw new AssertionError("no status for " + id + ": " + response.getFailedRequestsList());
    }
    return response.getStatuses(0);
  }

  ContainerStatus awaitComplete(ContainerId id) {
    await(id + " completes").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> status(id).getState() == ContainerState.CONTAINER_COMPLETE);
    return status(id);
  }

  /** The pid of a running container (its process-group id). */
  long pid(ContainerId id) {
    await(id + " runs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> nm.containers().report(id).pid() > 0);
    return nm.containers().report(id).pid();
  }

  Path workDir(ContainerId id) {
    return workDir(id, "alice");
  }

  Path workDir(ContainerId id, String user) {
    return io.weft.nm.launch.ContainerDirs.of(nm.localDir(), nm.logDir(), user, id).workDir();
  }

  Path logFile(ContainerId id, String name) {
    return nm.logDir().resolve(id.applicationId().toString()).resolve(id.toString()).resolve(name);
  }

  @Override
  public void close() {
    Channels.close(channel);
    nm.close();
  }
}
