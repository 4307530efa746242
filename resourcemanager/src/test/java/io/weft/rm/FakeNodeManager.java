package io.weft.rm;

import io.grpc.stub.StreamObserver;
import io.weft.proto.ContainerFailure;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.GetContainerStatusesRequest;
import io.weft.proto.GetContainerStatusesResponse;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersRequest;
import io.weft.proto.StartContainersResponse;
import io.weft.proto.StopContainersRequest;
import io.weft.proto.StopContainersResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small real ContainerManagementService that records what the RM asks of it, standing in for
 * the NodeManager module. It can be told to refuse starts.
 */
final class FakeNodeManager extends ContainerManagementServiceGrpc.ContainerManagementServiceImplBase {
  final List<StartContainerRequest> started = new CopyOnWriteArrayList<>();
  final List<StopContainersRequest> stopped = new CopyOnWriteArrayList<>();
  volatile String refuseWith;

  @Override
  public void startContainers(StartContainersRequest request, StreamObserver<StartContainersResponse> out) {
    StartContainersResponse.Builder response = StartContainersResponse.newBuilder();
    for (StartContainerRequest r : request.getStartContainerRequestsList()) {
      String id = containerId(r);
      if (refuseWith != null) {
        response.addFailedRequests(ContainerFailure.newBuilder().setContainerId(id).setCode("RESOURCE_EXHAUSTED")
            .setMessage(refuseWith));
      } else {
        started.add(r);
        response.addSuccessfullyStartedContainers(id);
      }
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void stopContainers(StopContainersRequest request, StreamObserver<StopContainersResponse> out) {
    stopped.add(request);
    out.onNext(StopContainersResponse.newBuilder().addAllSuccessfullyStoppedContainers(request.getContainerIdsList())
        .build());
    out.onCompleted();
  }

  @Override
  public void getContainerStatuses(GetContainerStatusesRequest request,
      StreamObserver<GetContainerStatusesResponse> out) {
    GetContainerStatusesResponse.Builder response = GetContainerStatusesResponse.newBuilder();
    for (String id : request.getContainerIdsList()) {
      if (started.stream().anyMatch(r -> containerId(r).equals(id))) {
        response.addStatuses(io.weft.proto.ContainerStatus.newBuilder().setContainerId(id)
            .setState(io.weft.proto.ContainerState.CONTAINER_RUNNING));
      } else {
        response.addFailedRequests(ContainerFailure.newBuilder().setContainerId(id).setCode("NOT_FOUND")
            .setMessage("unknown container " + id));
      }
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  static String containerId(StartContainerRequest r) {
    try {
      return io.weft.proto.ContainerTokenIdentifier.parseFrom(r.getContainerToken().getIdentifier()).getContainerId();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
