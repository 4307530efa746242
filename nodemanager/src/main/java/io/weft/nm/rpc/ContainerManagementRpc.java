package io.weft.nm.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import io.weft.nm.container.ContainerManager;
import io.weft.nm.container.ContainerSpec;
import io.weft.nm.logs.ContainerLogs;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.GetContainerStatusesRequest;
import io.weft.proto.GetContainerStatusesResponse;
import io.weft.proto.ReadContainerLogRequest;
import io.weft.proto.ReadContainerLogResponse;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersRequest;
import io.weft.proto.StartContainersResponse;
import io.weft.proto.StopContainersRequest;
import io.weft.proto.StopContainersResponse;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The NM's ContainerManagementService: batches of start/stop/status where each container that
 * fails lands in {@code failed_requests} and the rest proceed, plus streamed log reads. A start
 * needs the container's token; a stop, a status or a log read needs an NM token of the container's
 * application (served behind {@link NmTokenHeader}): without a genuine one the whole call is
 * UNAUTHENTICATED, and a container of another application is PERMISSION_DENIED.
 */
public final class ContainerManagementRpc extends ContainerManagementServiceGrpc.ContainerManagementServiceImplBase {
  private static final Logger LOG = LogManager.getLogger();

  private final ContainerManager containers;
  private final ContainerTokenVerifier verifier;
  private final NmTokenVerifier nmTokens;
  private final ContainerLogs logs;

  public ContainerManagementRpc(ContainerManager containers, ContainerTokenVerifier verifier,
      NmTokenVerifier nmTokens, ContainerLogs logs) {
    this.containers = requireNonNull(containers);
    this.verifier = requireNonNull(verifier);
    this.nmTokens = requireNonNull(nmTokens);
    this.logs = requireNonNull(logs);
  }

  @Override
  public void startContainers(StartContainersRequest request, StreamObserver<StartContainersResponse> observer) {
    StartContainersResponse.Builder response = StartContainersResponse.newBuilder();
    for (StartContainerRequest start : request.getStartContainerRequestsList()) {
      String id = ContainerTokenVerifier.containerIdOf(start.getContainerToken());
      try {
        ContainerGrant grant = verifier.verify(start.getContainerToken());
        ContainerSpec spec = ProtoMapping.toSpec(grant, start.getContainerLaunchContext());
        containers.start(spec);
        response.addSuccessfullyStartedContainers(grant.containerId().toString());
      } catch (WeftException e) {
        LOG.info("refused to start {}: {}", id, e.getMessage());
        response.addFailedRequests(ProtoMapping.failure(id, e));
      }
    }
    observer.onNext(response.build());
    observer.onCompleted();
  }

  @Override
  public void stopContainers(StopContainersRequest request, StreamObserver<StopContainersResponse> observer) {
    StopContainersResponse.Builder response = StopContainersResponse.newBuilder();
    ApplicationId granted = nmTokens.authorize("stop " + request.getContainerIdsList());
    for (String id : request.getContainerIdsList()) {
      try {
        containers.stop(NmTokenVerifier.permitted(granted, id, "stop"), request.getExitStatus(), request.getDiagnostics());
        response.addSuccessfullyStoppedContainers(id);
      } catch (WeftException e) {
        response.addFailedRequests(ProtoMapping.failure(id, e));
      }
    }
    observer.onNext(response.build());
    observer.onCompleted();
  }

  @Override
  public void getContainerStatuses(GetContainerStatusesRequest request,
      StreamObserver<GetContainerStatusesResponse> observer) {
    GetContainerStatusesResponse.Builder response = GetContainerStatusesResponse.newBuilder();
    ApplicationId granted = nmTokens.authorize("report the status of " + request.getContainerIdsList());
    for (String id : request.getContainerIdsList()) {
      try {
        response.addStatuses(ProtoMapping.toProto(containers.report(NmTokenVerifier.permitted(granted, id, "report the status of"))));
      } catch (WeftException e) {
        response.addFailedRequests(ProtoMapping.failure(id, e));
      }
    }
    observer.onNext(response.build());
    observer.onCompleted();
  }

  @Override
  public void readContainerLog(ReadContainerLogRequest request, StreamObserver<ReadContainerLogResponse> observer) {
    ApplicationId granted = nmTokens.authorize("read log " + request.getFile() + " of " + request.getContainerId());
    ContainerId id = NmTokenVerifier.permitted(granted, request.getContainerId(), "read the logs of");
    boolean[] first = {true};
    logs.read(id, request.getFile(), request.getStart(), request.getEnd(), (length, chunk) -> {
      ReadContainerLogResponse.Builder message = ReadContainerLogResponse.newBuilder()
          .setChunk(ByteString.copyFrom(chunk));
      if (first[0]) {
        message.setFileLength(length);
        first[0] = false;
      }
      observer.onNext(message.build());
    });
    observer.onCompleted();
  }
}
