package io.weft.bench;

import io.grpc.stub.StreamObserver;
import io.weft.common.launch.ContainerEnv;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.GetContainerStatusesRequest;
import io.weft.proto.GetContainerStatusesResponse;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersRequest;
import io.weft.proto.StartContainersResponse;
import io.weft.proto.StopContainersRequest;
import io.weft.proto.StopContainersResponse;
import io.weft.proto.Token;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The ContainerManagementService of simulated NodeManagers: starts nothing, and keeps the AMRM
 * token of every AM the RM launches so a simulated AM can use it.
 */
final class FakeNodeManagers extends ContainerManagementServiceGrpc.ContainerManagementServiceImplBase {
  final Map<String, Token> amTokens = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> amLaunches = new ConcurrentHashMap<>();

  /** Waits until the RM has launched the AM of {@code app} here (its token is then in {@link #amTokens}). */
  boolean awaitAmLaunch(String app, long timeout, TimeUnit unit) throws InterruptedException {
    return launched(app).await(timeout, unit);
  }

  private CountDownLatch launched(String app) {
    return amLaunches.computeIfAbsent(app, a -> new CountDownLatch(1));
  }

  @Override
  public void startContainers(StartContainersRequest request, StreamObserver<StartContainersResponse> out) {
    StartContainersResponse.Builder response = StartContainersResponse.newBuilder();
    for (StartContainerRequest r : request.getStartContainerRequestsList()) {
      try {
        String id = io.weft.proto.ContainerTokenIdentifier.parseFrom(r.getContainerToken().getIdentifier())
            .getContainerId();
        String token = r.getContainerLaunchContext().getEnvironmentOrDefault(ContainerEnv.AMRM_TOKEN, "");
        if (!token.isEmpty()) {
          String app = id.replaceFirst("^container_(\\d+_\\d+)_.*$", "application_$1");
          amTokens.put(app, Token.parseFrom(Base64.getDecoder().decode(token)));
          launched(app).countDown();
        }
        response.addSuccessfullyStartedContainers(id);
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void stopContainers(StopContainersRequest request, StreamObserver<StopContainersResponse> out) {
    out.onNext(StopContainersResponse.newBuilder().addAllSuccessfullyStoppedContainers(request.getContainerIdsList())
        .build());
    out.onCompleted();
  }

  @Override
  public void getContainerStatuses(GetContainerStatusesRequest request,
      StreamObserver<GetContainerStatusesResponse> out) {
    out.onNext(GetContainerStatusesResponse.getDefaultInstance());
    out.onCompleted();
  }
}
