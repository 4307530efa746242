package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.stub.StreamObserver;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.security.AuthHeaders;
import io.weft.common.id.HostPort;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersRequest;
import io.weft.proto.StartContainersResponse;
import io.weft.proto.StopContainersRequest;
import io.weft.proto.StopContainersResponse;
import io.weft.proto.Token;
import io.weft.rm.core.AmLaunch;
import io.weft.rm.core.NodeClient;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reaches NMs' ContainerManagementService for the RM: the AM launcher (the submitted launch
 * context plus the RM's address, the attempt's AMRM token and the container token) and stops (with
 * an NM token the RM mints for the containers' application).
 * With HA the AM is told every RM's address, so that it fails over along them when this one is gone.
 */
public final class GrpcNodeClient implements NodeClient {
  private static final Logger LOG = LogManager.getLogger();
  private final NodeChannels channels;
  private final TokenIssuer tokens;
  /** The value of the AM's {@code WEFT_RM_ADDRESS}: see {@link #addressesForAms}. */
  private final Supplier<String> rmAddress;
  private final Duration timeout;
  private final StopBatcher stops = new StopBatcher(this::sendStop);

  public GrpcNodeClient(NodeChannels channels, TokenIssuer tokens, Supplier<String> rmAddress, Duration timeout) {
    this.channels = requireNonNull(channels);
    this.tokens = requireNonNull(tokens);
    this.rmAddress = requireNonNull(rmAddress);
    this.timeout = requireNonNull(timeout);
  }

  /**
   * Where AMs find the RM: this RM's bound address ({@code self}), or with HA every RM of
   * {@code weft.resourcemanager.ha.rm-ids} ({@code host:port,host:port}), to fail over along.
   */
  public static Supplier<String> addressesForAms(WeftConfig config, Supplier<HostPort> self) {
    if (!config.get(CommonKeys.RM_HA_ENABLED)) {
      return () -> self.get().toString();
    }
    String all = RmEndpoints.join(RmEndpoints.rpcAddresses(config));
    return () -> all;
  }

  @Override
  public CompletableFuture<Void> launchAm(AmLaunch launch) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    String containerId = launch.container().containerId().toString();
    StartContainersRequest request;
    try {
      request = StartContainersRequest.newBuilder().addStartContainerRequests(StartContainerRequest.newBuilder()
          .setContainerLaunchContext(amLaunchContext(launch))
          .setContainerToken(tokens.containerToken(launch.container()))).build();
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      return done;
    }
    LOG.info("launching AM container {} of {} on {}", containerId, launch.attemptId(), launch.container().nodeId());
    stub(launch.container().nodeId()).startContainers(request, new Answer<>(done, () -> "start AM container "
        + containerId + " on " + launch.container().nodeId()) {
      @Override
      void check(StartContainersResponse response) {
        if (!response.getSuccessfullyStartedContainersList().contains(containerId)) {
          String why = response.getFailedRequestsList().stream()
              .map(f -> f.getCode() + ": " + f.getMessage()).findFirst().orElse("no answer for the container");
          throw WeftException.failedPrecondition("node " + launch.container().nodeId() + " refused " + containerId
              + ": " + why);
        }
      }
    });
    return done;
  }

  ContainerLaunchContext amLaunchContext(AmLaunch launch) {
    ContainerLaunchContext submitted;
    try {
      submitted = ContainerLaunchContext.parseFrom(launch.launchContext());
    } catch (InvalidProtocolBufferException e) {
      throw WeftException.invalidArgument("AM launch context of " + launch.attemptId() + " is malformed");
    }
    String rm = rmAddress.get();
    Token amrm = tokens.amrmToken(launch.attemptId(), rm);
    return submitted.toBuilder()
        .putEnvironment(ContainerEnv.RM_ADDRESS, rm)
        .putEnvironment(ContainerEnv.AMRM_TOKEN, Base64.getEncoder().encodeToString(amrm.toByteArray()))
        .putEnvironment(ContainerEnv.APP_SUBMIT_TIME, Long.toString(launch.submitTime().toEpochMilli()))
        .putEnvironment(ContainerEnv.MAX_APP_ATTEMPTS, Integer.toString(launch.maxAttempts()))
        .putTokens(TokenIssuer.AMRM_TOKEN_KIND, ByteString.copyFrom(amrm.toByteArray()))
        .build();
  }

  @Override
  public void stopContainers(NodeId node, List<ContainerId> containers, int exitStatus, String diagnostics) {
    stops.stop(node, containers, exitStatus, diagnostics);
  }

  /**
   * One call per application among {@code stop}'s containers, each with an NM token the RM mints for
   * it: the NM stops a container only for a caller holding a token of the container's application.
   */
  private CompletableFuture<Void> sendStop(StopBatcher.Stop stop) {
    Map<ApplicationId, List<ContainerId>> byApplication = stop.containers().stream()
        .collect(Collectors.groupingBy(ContainerId::applicationId, LinkedHashMap::new, Collectors.toList()));
    return CompletableFuture.allOf(byApplication.values().stream()
        .map(containers -> sendStop(stop.node(), containers, stop.exitStatus(), stop.diagnostics()))
        .toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> sendStop(NodeId node, List<ContainerId> containers, int exitStatus,
      String diagnostics) {
    StopContainersRequest request = StopContainersRequest.newBuilder()
        .addAllContainerIds(containers.stream().map(ContainerId::toString).toList())
        .setExitStatus(exitStatus).setDiagnostics(diagnostics).build();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Metadata credentials = new Metadata();
    credentials.put(AuthHeaders.NM_TOKEN, tokens.nmToken(containers.get(0).attemptId(), node).toByteArray());
    stub(node).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials))
        .stopContainers(request, new Answer<StopContainersResponse>(done, () -> "stop " + containers + " on " + node) {
          @Override
          void check(StopContainersResponse response) {
            response.getFailedRequestsList().forEach(f -> LOG.debug("node {} could not stop {}: {} {}", node,
                f.getContainerId(), f.getCode(), f.getMessage()));
          }
        });
    return done.whenComplete((v, e) -> {
      if (e != null) {
        LOG.warn("could not stop containers {} on {}: {}", containers, node, e.getMessage());
      }
    });
  }

  /**
   * Calls wait for the connection (up to the deadline) instead of failing at once while it is being
   * made again: a node just restarted and registered is listening, but the channel may still be
   * reconnecting, and failing then would cost the AM an attempt.
   */
  private ContainerManagementServiceGrpc.ContainerManagementServiceStub stub(NodeId node) {
    return ContainerManagementServiceGrpc.newStub(channels.to(node)).withWaitForReady()
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void nodeRegistered(NodeId node) {
    channels.reconnect(node);
  }

  @Override
  public void nodeRemoved(NodeId node) {
    channels.remove(node);
  }

  @Override
  public void close() {
    channels.close();
  }

  /** Completes a future from a unary call, after checking the answer. */
  private abstract static class Answer<R> implements StreamObserver<R> {
    private final CompletableFuture<Void> done;
    private final Supplier<String> what;

    /** {@code what} names the call in an error; built only then. */
    Answer(CompletableFuture<Void> done, Supplier<String> what) {
      this.done = done;
      this.what = what;
    }

    abstract void check(R response);

    @Override
    public void onNext(R response) {
      try {
        check(response);
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(RpcErrors.fromStatus(t, what.get()));
    }

    @Override
    public void onCompleted() {
      done.complete(null);
    }
  }
}
