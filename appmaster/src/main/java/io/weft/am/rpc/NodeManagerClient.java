package io.weft.am.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.weft.am.allocator.AllocatedContainer;
import io.weft.am.launch.ExecutorLaunch;
import io.weft.am.launch.JarResource;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.proto.ContainerFailure;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.LocalResource;
import io.weft.proto.LocalResourceType;
import io.weft.proto.LocalResourceVisibility;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersRequest;
import io.weft.proto.StartContainersResponse;
import io.weft.proto.StopContainersRequest;
import io.weft.proto.Token;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Starts and stops executor containers on their NodeManagers. */
public final class NodeManagerClient {
  private final Function<NodeId, Channel> channels;
  private final Duration timeout;

  /** {@code channels} gives the channel to a node's ContainerManagementService (and owns it). */
  public NodeManagerClient(Function<NodeId, Channel> channels, Duration timeout) {
    this.channels = requireNonNull(channels);
    this.timeout = requireNonNull(timeout);
  }

  /** Starts {@code launch} in {@code container}; throws naming the container and the NM's reason on failure. */
  public void start(AllocatedContainer container, ExecutorLaunch launch) {
    ContainerLaunchContext.Builder context = ContainerLaunchContext.newBuilder()
        .addAllCommand(launch.command())
        .putAllEnvironment(launch.environment());
    launch.localResources().forEach((link, jar) -> context.putLocalResources(link, localResource(jar)));
    StartContainersRequest request = StartContainersRequest.newBuilder()
        .addStartContainerRequests(StartContainerRequest.newBuilder()
            .setContainerLaunchContext(context).setContainerToken(token(container)))
        .build();
    StartContainersResponse response;
    try {
      response = stub(container.nodeId()).startContainers(request);
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "start container " + container.id() + " on " + container.nodeId());
    }
    for (ContainerFailure failure : response.getFailedRequestsList()) {
      throw WeftException.unavailable("NodeManager " + container.nodeId() + " refused container "
          + failure.getContainerId() + " (" + failure.getCode() + "): " + failure.getMessage());
    }
  }

  /** Stops {@code containers} on {@code node}, recorded with {@code exitStatus}; best effort. */
  public void stop(NodeId node, List<ContainerId> containers, int exitStatus, String diagnostics) {
    try {
      stub(node).stopContainers(StopContainersRequest.newBuilder()
          .addAllContainerIds(containers.stream().map(ContainerId::toString).toList())
          .setExitStatus(exitStatus).setDiagnostics(diagnostics).build());
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "stop containers " + containers + " on " + node);
    }
  }

  private ContainerManagementServiceGrpc.ContainerManagementServiceBlockingStub stub(NodeId node) {
    return ContainerManagementServiceGrpc.newBlockingStub(channels.apply(node))
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static LocalResource localResource(JarResource jar) {
    return LocalResource.newBuilder().setUri(jar.uri()).setType(LocalResourceType.FILE)
        .setVisibility(LocalResourceVisibility.APPLICATION).setSize(jar.size()).setSha256(jar.sha256()).build();
  }

  private static Token token(AllocatedContainer container) {
    try {
      return Token.parseFrom(container.containerToken());
    } catch (InvalidProtocolBufferException e) {
      throw WeftException.invalidArgument("container token of " + container.id() + " is not a weft.Token");
    }
  }
}
