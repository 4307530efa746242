package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.ContainerId;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reaches NMs' ContainerManagementService for the RM: the AM launcher (the submitted launch
 * context plus the RM's address, the attempt's AMRM token and the container token) and stops.
 */
public final class GrpcNodeClient implements NodeClient {
  private static final Logger LOG = LogManager.getLogger();
  private final NodeChannels channels;
  private final TokenIssuer tokens;
  private final Supplier<HostPort> rmAddress;
  private final Duration timeout;
  private final StopBatcher stops = new StopBatcher(this::sendStop);

  public GrpcNodeClient(NodeChannels channels, TokenIssuer tokens, Supplier<HostPort> rmAddress, Duration timeout) {
    this.channels = requireNonNull(channels);
    this.tokens = requireNonNull(tokens);
    this.rmAddress = requireNonNull(rmAddress);
    this.timeout = requireNonNull(timeout);
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
    HostPort rm = rmAddress.get();
    Token amrm = tokens.amrmToken(launch.attemptId(), rm.toString());
    return submitted.toBuilder()
        .putEnvironment(ContainerEnv.RM_ADDRESS, rm.toString())
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

  private CompletableFuture<Void> sendStop(StopBatcher.Stop stop) {
    StopContainersRequest request = StopContainersRequest.newBuilder()
        .addAllContainerIds(stop.containers().stream().map(ContainerId::toString).toList())
        .setExitStatus(stop.exitStatus()).setDiagnostics(stop.diagnostics()).build();
    CompletableFuture<Void> done = new CompletableFuture<>();
    stub(stop.node()).stopContainers(request, new Answer<StopContainersResponse>(done,
        () -> "stop " + stop.containers() + " on " + stop.node()) {
      @Override
      void check(StopContainersResponse response) {
        response.getFailedRequestsList().forEach(f -> LOG.debug("node {} could not stop {}: {} {}", stop.node(),
            f.getContainerId(), f.getCode(), f.getMessage()));
      }
    });
    return done.whenComplete((v, e) -> {
      if (e != null) {
        LOG.warn("could not stop containers {} on {}: {}", stop.containers(), stop.node(), e.getMessage());
      }
    });
  }

  private ContainerManagementServiceGrpc.ContainerManagementServiceStub stub(NodeId node) {
    return ContainerManagementServiceGrpc.newStub(channels.to(node))
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
