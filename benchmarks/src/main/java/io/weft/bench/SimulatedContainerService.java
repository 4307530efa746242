package io.weft.bench;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.AuthHeaders;
import io.weft.nm.rpc.ContainerGrant;
import io.weft.nm.rpc.ContainerTokenVerifier;
import io.weft.nm.rpc.NmTokenVerifier;
import io.weft.proto.ContainerFailure;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.GetContainerStatusesRequest;
import io.weft.proto.GetContainerStatusesResponse;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersRequest;
import io.weft.proto.StartContainersResponse;
import io.weft.proto.StopContainersRequest;
import io.weft.proto.StopContainersResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ContainerManagementService of one {@link SimulatedNodeManager}, checking what the real NM
 * checks with the real NM's verifiers: a start needs a container token signed by a container-token
 * key this node was given, issued for this node and not expired; a stop or a status needs an NM
 * token of the containers' application, signed by an NM-token key this node holds. It starts no
 * process; an AM container's launch is handed to {@link AmLaunches} (its AMRM token), where the
 * benchmark's in-process AM picks it up.
 */
final class SimulatedContainerService extends ContainerManagementServiceGrpc.ContainerManagementServiceImplBase {
  private static final Context.Key<byte[]> NM_TOKEN = Context.key("weft-bench-nm-token");

  private final Clock clock;
  private final AmLaunches amLaunches;
  final AtomicLong startCalls = new AtomicLong();
  final AtomicLong stopCalls = new AtomicLong();
  final AtomicLong refusedCalls = new AtomicLong();
  /** Set once by {@link #attach}, before the node registers (so before any call can come). */
  private volatile SimulatedNodeManager node;
  private volatile ContainerTokenVerifier containerTokens;
  private volatile NmTokenVerifier nmTokens;

  SimulatedContainerService(Clock clock, AmLaunches amLaunches) {
    this.clock = requireNonNull(clock);
    this.amLaunches = requireNonNull(amLaunches);
  }

  /**
   * The node this serves: known only once the server is bound, since a node's id is its address
   * (where the RM reaches it).
   */
  void attach(SimulatedNodeManager node) {
    this.containerTokens = new ContainerTokenVerifier(node.containerKeys, node.id(), clock);
    this.nmTokens = new NmTokenVerifier(node.nmTokenKeys, node.id(), clock);
    this.node = node;
  }

  /** This service behind an interceptor that hands it the call's NM token, as the real NM's NmTokenHeader does. */
  ServerServiceDefinition withNmTokenHeader() {
    return ServerInterceptors.intercept(this, new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        byte[] token = headers.get(AuthHeaders.NM_TOKEN);
        return Contexts.interceptCall(Context.current().withValue(NM_TOKEN, token == null ? new byte[0] : token),
            call, headers, next);
      }
    });
  }

  @Override
  public void startContainers(StartContainersRequest request, StreamObserver<StartContainersResponse> out) {
    startCalls.incrementAndGet();
    StartContainersResponse.Builder response = StartContainersResponse.newBuilder();
    for (StartContainerRequest start : request.getStartContainerRequestsList()) {
      String id = ContainerTokenVerifier.containerIdOf(start.getContainerToken());
      try {
        ContainerGrant grant = containerTokens.verify(start.getContainerToken());
        node.started(grant);
        amLaunches.started(grant.containerId(), start.getContainerLaunchContext());
        response.addSuccessfullyStartedContainers(grant.containerId().toString());
      } catch (WeftException e) {
        refused(e);
        response.addFailedRequests(failure(id, e));
      }
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void stopContainers(StopContainersRequest request, StreamObserver<StopContainersResponse> out) {
    stopCalls.incrementAndGet();
    ApplicationId granted;
    try {
      granted = authorize("stop " + request.getContainerIdsList());
    } catch (WeftException e) {
      refused(e);
      out.onError(Status.UNAUTHENTICATED.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    StopContainersResponse.Builder response = StopContainersResponse.newBuilder();
    for (String id : request.getContainerIdsList()) {
      try {
        ContainerId container = NmTokenVerifier.permitted(granted, id, "stop");
        if (!node.holds(container)) {
          throw WeftException.notFound(id + " is not known on " + node.id());
        }
        node.end(container, request.getExitStatus(), request.getDiagnostics());
        response.addSuccessfullyStoppedContainers(id);
      } catch (WeftException e) {
        response.addFailedRequests(failure(id, e));
      }
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void getContainerStatuses(GetContainerStatusesRequest request,
      StreamObserver<GetContainerStatusesResponse> out) {
    ApplicationId granted;
    try {
      granted = authorize("report the status of " + request.getContainerIdsList());
    } catch (WeftException e) {
      refused(e);
      out.onError(Status.UNAUTHENTICATED.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    GetContainerStatusesResponse.Builder response = GetContainerStatusesResponse.newBuilder();
    List<ContainerId> ids = request.getContainerIdsList().stream().map(ContainerId::parse).toList();
    ids.stream().filter(c -> !c.applicationId().equals(granted)).forEach(c -> response.addFailedRequests(
        failure(c.toString(), WeftException.permissionDenied("the call's NM token is for application " + granted))));
    response.addAllStatuses(node.statuses(ids.stream().filter(c -> c.applicationId().equals(granted)).toList()));
    out.onNext(response.build());
    out.onCompleted();
  }

  private ApplicationId authorize(String what) {
    return nmTokens.verify(NM_TOKEN.get(), what).applicationId();
  }


  /** A refusal the real NM would make too: counted, and the first few printed, since in a benchmark it is a bug. */
  private void refused(WeftException e) {
    if (refusedCalls.incrementAndGet() <= 3) {
      System.err.println(node.id() + " refused a call: " + e.getMessage());
    }
  }

  private static ContainerFailure failure(String containerId, WeftException e) {
    return ContainerFailure.newBuilder().setContainerId(containerId).setCode(e.code().name())
        .setMessage(e.getMessage()).build();
  }
}
