package io.weft.am.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.weft.am.allocator.AllocatedContainer;
import io.weft.am.launch.ExecutorLaunch;
import io.weft.am.client.ContainerLaunchContext;
import io.weft.am.client.ContainerStatus;
import io.weft.am.client.LocalResource;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.security.AuthHeaders;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.proto.ContainerFailure;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.GetContainerStatusesRequest;
import io.weft.proto.GetContainerStatusesResponse;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersRequest;
import io.weft.proto.StartContainersResponse;
import io.weft.proto.StopContainersRequest;
import io.weft.proto.Token;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts, stops and queries containers on their NodeManagers; every call has a deadline. A start
 * carries the container's token; a stop or a status query the node's NM token of the containers'
 * application, from {@link NmTokens}.
 */
public final class NodeManagerClient {
  private final Function<NodeId, Channel> channels;
  private final Duration timeout;
  private final NmTokens nmTokens;

  /** {@code channels} gives the channel to a node's ContainerManagementService (and owns it). */
  public NodeManagerClient(Function<NodeId, Channel> channels, Duration timeout) {
    this(channels, timeout, NmTokens.shared());
  }

  public NodeManagerClient(Function<NodeId, Channel> channels, Duration timeout, NmTokens nmTokens) {
    this.channels = requireNonNull(channels);
    this.timeout = requireNonNull(timeout);
    this.nmTokens = requireNonNull(nmTokens);
  }

  /** Starts {@code launch} in {@code container}; throws naming the container and the NM's reason on failure. */
  public void start(AllocatedContainer container, ExecutorLaunch launch) {
    Map<String, LocalResource> resources = new LinkedHashMap<>();
    launch.localResources().forEach((link, jar) -> resources.put(link,
        new LocalResource(jar.uri(), jar.archive() ? LocalResource.Type.ARCHIVE : LocalResource.Type.FILE, jar.size(),
            jar.sha256())));
    start(container.id(), container.nodeId(), container.containerToken(),
        new ContainerLaunchContext(launch.command(), launch.environment(), resources, launch.serviceData()));
  }

  /** Starts {@code launch} in container {@code id} on {@code node}; {@code containerToken} is the RM's grant. */
  public void start(ContainerId id, NodeId node, byte[] containerToken, ContainerLaunchContext launch) {
    StartContainersRequest request = StartContainersRequest.newBuilder()
        .addStartContainerRequests(StartContainerRequest.newBuilder()
            .setContainerLaunchContext(AmProtos.launchContext(launch)).setContainerToken(token(id, containerToken)))
        .build();
    StartContainersResponse response;
    try {
      response = stub(node).startContainers(request);
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "start container " + id + " on " + node);
    }
    for (ContainerFailure failure : response.getFailedRequestsList()) {
      throw WeftException.unavailable("NodeManager " + node + " refused container "
          + failure.getContainerId() + " (" + failure.getCode() + "): " + failure.getMessage());
    }
  }

  /** The NM's view of {@code container}; throws naming the container when the NM does not know it. */
  public ContainerStatus status(NodeId node, ContainerId container) {
    GetContainerStatusesResponse response;
    try {
      response = stub(node, container.applicationId()).getContainerStatuses(GetContainerStatusesRequest.newBuilder()
          .addContainerIds(container.toString()).build());
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "get the status of container " + container + " on " + node);
    }
    for (ContainerFailure failure : response.getFailedRequestsList()) {
      throw WeftException.notFound("NodeManager " + node + " has no status for container "
          + failure.getContainerId() + " (" + failure.getCode() + "): " + failure.getMessage());
    }
    return response.getStatusesList().stream().map(AmProtos::status).findFirst().orElseThrow(() ->
        WeftException.notFound("NodeManager " + node + " answered no status for container " + container));
  }

  /** Stops {@code containers} on {@code node}, recorded with {@code exitStatus}; best effort. */
  public void stop(NodeId node, List<ContainerId> containers, int exitStatus, String diagnostics) {
    if (containers.isEmpty()) {
      return;
    }
    try {
      stub(node, containers.get(0).applicationId()).stopContainers(StopContainersRequest.newBuilder()
          .addAllContainerIds(containers.stream().map(ContainerId::toString).toList())
          .setExitStatus(exitStatus).setDiagnostics(diagnostics).build());
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "stop containers " + containers + " on " + node);
    }
  }

  private ContainerManagementServiceGrpc.ContainerManagementServiceBlockingStub stub(NodeId node) {
    // Wait for the connection up to the deadline rather than fail while a restarted node's channel
    // is still reconnecting (its launch would count as a failure and exclude the node).
    return ContainerManagementServiceGrpc.newBlockingStub(channels.apply(node)).withWaitForReady()
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A stub presenting {@code application}'s NM token for {@code node}, when the RM has given one. */
  private ContainerManagementServiceGrpc.ContainerManagementServiceBlockingStub stub(NodeId node,
      ApplicationId application) {
    var stub = stub(node);
    Optional<byte[]> token = nmTokens.get(application, node);
    if (token.isEmpty()) {
      return stub; // the NM refuses, naming what is missing
    }
    Metadata credentials = new Metadata();
    credentials.put(AuthHeaders.NM_TOKEN, token.get());
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials));
  }

  private static Token token(ContainerId container, byte[] containerToken) {
    try {
      return Token.parseFrom(containerToken);
    } catch (InvalidProtocolBufferException e) {
      throw WeftException.invalidArgument("container token of " + container + " is not a weft.Token");
    }
  }
}
