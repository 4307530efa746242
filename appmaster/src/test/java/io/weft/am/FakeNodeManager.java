package io.weft.am;

import io.grpc.stub.StreamObserver;
import io.weft.driver.executor.Executor;
import io.weft.driver.rpc.AppCredentials;
import io.weft.driver.executor.ExecutorArgs;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.StartContainersRequest;
import io.weft.proto.StartContainersResponse;
import io.weft.proto.StopContainersRequest;
import io.weft.proto.StopContainersResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small real ContainerManagementService: "launches" each executor as a thread running the real
 * {@link Executor} against the AM's driver endpoint, with the localized {@code __app__.jar} mapped to
 * the test's jar, and tells the fake RM when it ends.
 */
final class FakeNodeManager extends ContainerManagementServiceGrpc.ContainerManagementServiceImplBase {
  final List<StartContainerRequest> started = new ArrayList<>();
  final List<String> stopped = new ArrayList<>();
  private final FakeResourceManager rm;
  private final Path localizedJar;

  FakeNodeManager(FakeResourceManager rm, Path localizedJar) {
    this.rm = rm;
    this.localizedJar = localizedJar;
  }

  @Override
  public void startContainers(StartContainersRequest request, StreamObserver<StartContainersResponse> response) {
    StartContainersResponse.Builder answer = StartContainersResponse.newBuilder();
    for (StartContainerRequest start : request.getStartContainerRequestsList()) {
      synchronized (this) {
        started.add(start);
      }
      String containerId = start.getContainerToken().getIdentifier().toStringUtf8();
      List<String> command = start.getContainerLaunchContext().getCommandList();
      List<String> args = new ArrayList<>(command.subList(command.indexOf(
          "io.weft.driver.executor.ExecutorMain") + 1, command.size()));
      args.replaceAll(a -> a.equals("__app__.jar") ? localizedJar.toString() : a);
      AppCredentials credentials =
          AppCredentials.fromEnvironment(start.getContainerLaunchContext().getEnvironmentMap());
      Thread executor = new Thread(() -> {
        int exit = new Executor(ExecutorArgs.parse(args.toArray(String[]::new)), credentials, java.util.Map.of())
            .run();
        rm.containerCompleted(containerId, exit);
      }, "fake-container-" + containerId);
      executor.setDaemon(true);
      executor.start();
      answer.addSuccessfullyStartedContainers(containerId);
    }
    response.onNext(answer.build());
    response.onCompleted();
  }

  @Override
  public synchronized void stopContainers(StopContainersRequest request,
      StreamObserver<StopContainersResponse> response) {
    stopped.addAll(request.getContainerIdsList());
    response.onNext(StopContainersResponse.newBuilder()
        .addAllSuccessfullyStoppedContainers(request.getContainerIdsList()).build());
    response.onCompleted();
  }
}
