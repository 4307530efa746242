package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.ApplicationWatch;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.FailoverChannel;
import io.weft.common.rpc.OutageReporter;
import io.weft.common.rpc.RetryPolicy;
import io.weft.common.rpc.RetryingCalls;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.launch.AppMasterArgs;
import io.weft.common.launch.JvmContainer;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationReport;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.proto.GetNewApplicationResponse;
import io.weft.proto.KillApplicationRequest;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.YarnApplicationState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The few ResourceManager calls a client-mode driver makes for its ExecutorLauncher AM: a new
 * application id, submission, its state, a kill. (The driver does not depend on the client
 * library, which hosts the CLI; this is the small part it needs, on the same gRPC service.) Like the
 * client library it rides out an RM it cannot reach: calls retry and the watch reconnects as the
 * {@link RetryPolicy} says, so the driver keeps going through an RM restart.
 */
public final class RmApplications implements AutoCloseable {
  private final FailoverChannel channel;
  private final Duration timeout;
  private final RetryingCalls calls;
  private final Set<Context.CancellableContext> watches = ConcurrentHashMap.newKeySet();

  /** An application's state as the driver needs it. */
  public record Status(String state, boolean ended, String diagnostics, String trackingUrl) {}

  /** A new application id and the largest container the cluster grants. */
  public record NewApplication(ApplicationId id, Resource maximum) {}

  /**
   * Calls the RMs at {@code rms} (one, or an HA cluster's, failed over along), dialled with {@code credentials}, retrying as
   * {@code retryPolicy} says; tells {@code notices} when the RM is lost and found again.
   */
  public RmApplications(List<HostPort> rms, Duration timeout, RetryPolicy retryPolicy, Consumer<String> notices) {
    this(Channels.forResourceManagers(rms), timeout, retryPolicy, notices);
  }

  /** As above, over {@code channel} (e.g. one that carries the user's token: {@code UserChannels}). */
  public RmApplications(FailoverChannel channel, Duration timeout, RetryPolicy retryPolicy, Consumer<String> notices) {
    this.timeout = requireNonNull(timeout);
    this.channel = requireNonNull(channel);
    this.calls = new RetryingCalls(channel, retryPolicy, OutageReporter.forResourceManager(channel, notices));
  }

  public NewApplication create() {
    GetNewApplicationResponse response = call("get a new application id",
        () -> stub().getNewApplication(GetNewApplicationRequest.getDefaultInstance()));
    return new NewApplication(ApplicationId.parse(response.getApplicationId()),
        Resources.fromProto(response.getMaximumResourceCapability()));
  }

  /** Submits the ExecutorLauncher AM; the secret travels in its launch environment, not on its command line. */
  public void submitLauncher(ApplicationId id, String name, String queue, String amNodeLabelExpression,
      Duration lifetime, Resource amResource, long amHeapMb, AppMasterArgs args, AppCredentials credentials) {
    List<String> command = JvmContainer.command(amHeapMb, AppMasterArgs.MAIN_CLASS);
    command.addAll(args.toArgs());
    ApplicationSubmissionContext context = ApplicationSubmissionContext.newBuilder()
        .setApplicationId(id.toString())
        .setName(name)
        .setQueue(queue)
        .setAmNodeLabelExpression(amNodeLabelExpression)
        .setApplicationType("WEFT")
        .setUser(System.getProperty("user.name", "weft"))
        .setLifetimeSeconds(lifetime.toSeconds())
        .setAmResource(Resources.toProto(amResource))
        .setAmContainerSpec(ContainerLaunchContext.newBuilder().addAllCommand(command)
            .putAllEnvironment(credentials.environment()))
        .build();
    String what = "submit " + id;
    calls.callCreating("cannot " + what, () -> once(what, () -> stub().submitApplication(
        SubmitApplicationRequest.newBuilder().setSubmissionContext(context).build())));
  }

  public Status status(ApplicationId id) {
    return status(call("get the report of " + id, () -> stub().getApplicationReport(
        GetApplicationReportRequest.newBuilder().setApplicationId(id.toString()).build()).getReport()));
  }

  /**
   * Completes with the application's final status, pushed by the RM's WatchApplication stream (no
   * polling), reconnecting when the RM goes away (see {@link ApplicationWatch}); fails when the RM
   * stays away past the max wait or answers an error. {@link #close} cancels a watch still open.
   */
  public CompletableFuture<Status> whenEnded(ApplicationId id) {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    Context.CancellableContext watch = Context.current().withCancellation();
    watches.add(watch);
    ended.whenComplete((status, failure) -> watches.remove(watch));
    Thread follower = new Thread(() -> watch.run(() -> {
      try {
        ended.complete(status(ApplicationWatch.follow(calls, id, report -> {})));
      } catch (RuntimeException e) {
        ended.completeExceptionally(e);
      }
    }), "rm-watch-" + id);
    follower.setDaemon(true);
    follower.start();
    return ended;
  }

  private static Status status(ApplicationReport report) {
    YarnApplicationState state = report.getState();
    boolean ended = state == YarnApplicationState.FINISHED || state == YarnApplicationState.FAILED
        || state == YarnApplicationState.KILLED;
    return new Status(state.name(), ended, report.getDiagnostics(), report.getTrackingUrl());
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
    return calls.call("cannot " + what, () -> once(what, rpc));
  }

  /** One try, its failure rebuilt as the domain exception the RM sent (or UNAVAILABLE). */
  private <T> T once(String what, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "cannot " + what + " at ResourceManager " + channel.current());
    }
  }

  @Override
  public void close() {
    watches.forEach(watch -> watch.cancel(null));
    Channels.close(channel);
  }

}
