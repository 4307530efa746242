package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.launch.AppMasterArgs;
import io.weft.common.launch.JvmContainer;
import io.weft.common.security.AuthHeaders;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationReport;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.proto.GetNewApplicationResponse;
import io.weft.proto.KillApplicationRequest;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.WatchApplicationRequest;
import io.weft.proto.YarnApplicationState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The few ResourceManager calls a client-mode driver makes for its ExecutorLauncher AM: a new
 * application id, submission, its state, a kill. (The driver does not depend on the client
 * library, which hosts the CLI; this is the small part it needs, on the same gRPC service.)
 */
public final class RmApplications implements AutoCloseable {
  private final HostPort rm;
  private final ManagedChannel channel;
  private final Duration timeout;
  private final Set<Context.CancellableContext> watches = ConcurrentHashMap.newKeySet();

  /** An application's state as the driver needs it. */
  public record Status(String state, boolean ended, String diagnostics) {}

  /** A new application id and the largest container the cluster grants. */
  public record NewApplication(ApplicationId id, Resource maximum) {}

  public RmApplications(HostPort rm, Duration timeout) {
    this.rm = requireNonNull(rm);
    this.timeout = requireNonNull(timeout);
    this.channel = Channels.forAddress(rm);
  }

  public NewApplication create() {
    GetNewApplicationResponse response = call("get a new application id",
        () -> stub().getNewApplication(GetNewApplicationRequest.getDefaultInstance()));
    return new NewApplication(ApplicationId.parse(response.getApplicationId()),
        Resources.fromProto(response.getMaximumResourceCapability()));
  }

  /** Submits the ExecutorLauncher AM; the secret travels in its launch environment, not on its command line. */
  public void submitLauncher(ApplicationId id, String name, String queue, Resource amResource, long amHeapMb,
      AppMasterArgs args, String secret) {
    List<String> command = JvmContainer.command(amHeapMb, AppMasterArgs.MAIN_CLASS);
    command.addAll(args.toArgs());
    ApplicationSubmissionContext context = ApplicationSubmissionContext.newBuilder()
        .setApplicationId(id.toString())
        .setName(name)
        .setQueue(queue)
        .setApplicationType("WEFT")
        .setUser(System.getProperty("user.name", "weft"))
        .setAmResource(Resources.toProto(amResource))
        .setAmContainerSpec(ContainerLaunchContext.newBuilder().addAllCommand(command)
            .putEnvironment(AuthHeaders.APP_SECRET_ENV, secret))
        .build();
    call("submit " + id, () -> stub().submitApplication(SubmitApplicationRequest.newBuilder()
        .setSubmissionContext(context).build()));
  }

  public Status status(ApplicationId id) {
    return status(call("get the report of " + id, () -> stub().getApplicationReport(
        GetApplicationReportRequest.newBuilder().setApplicationId(id.toString()).build()).getReport()));
  }

  /**
   * Completes with the application's final status, pushed by the RM's WatchApplication stream (no
   * polling); fails when the stream does. {@link #close} cancels a watch still open.
   */
  public CompletableFuture<Status> whenEnded(ApplicationId id) {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    Context.CancellableContext watch = Context.current().withCancellation();
    watches.add(watch);
    ended.whenComplete((status, failure) -> watches.remove(watch));
    watch.run(() -> ApplicationClientServiceGrpc.newStub(channel).watchApplication(
        WatchApplicationRequest.newBuilder().setApplicationId(id.toString()).build(), new StreamObserver<>() {
          @Override
          public void onNext(ApplicationReport report) {
            Status status = status(report);
            if (status.ended()) {
              ended.complete(status);
            }
          }

          @Override
          public void onError(Throwable t) {
            ended.completeExceptionally(RpcErrors.fromStatus(t, "watch " + id + " at ResourceManager " + rm));
          }

          @Override
          public void onCompleted() {
            ended.completeExceptionally(new IllegalStateException("the watch of " + id + " ended before it did"));
          }
        }));
    return ended;
  }

  private static Status status(ApplicationReport report) {
    YarnApplicationState state = report.getState();
    boolean ended = state == YarnApplicationState.FINISHED || state == YarnApplicationState.FAILED
        || state == YarnApplicationState.KILLED;
    return new Status(state.name(), ended, report.getDiagnostics());
  }

  public void kill(ApplicationId id) {
    call("kill " + id, () -> stub().killApplication(KillApplicationRequest.newBuilder()
        .setApplicationId(id.toString()).build()));
  }

  private ApplicationClientServiceGrpc.ApplicationClientServiceBlockingStub stub() {
    return ApplicationClientServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private <T> T call(String what, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (RuntimeException e) {
      throw RpcErrors.fromStatus(e, "cannot " + what + " at ResourceManager " + rm);
    }
  }

  @Override
  public void close() {
    watches.forEach(watch -> watch.cancel(null));
    Channels.close(channel);
  }

}
