package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.rpc.ContainerSignals;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.proto.WhoAmIRequest;
import io.weft.proto.WhoAmIResponse;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationReport;
import io.weft.proto.SignalContainerRequest;
import io.weft.proto.SignalContainerResponse;
import io.weft.proto.GetApplicationAttemptsRequest;
import io.weft.proto.GetApplicationAttemptsResponse;
import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.GetApplicationReportResponse;
import io.weft.proto.GetApplicationsRequest;
import io.weft.proto.GetApplicationsResponse;
import io.weft.proto.GetClusterMetricsRequest;
import io.weft.proto.GetClusterMetricsResponse;
import io.weft.proto.GetClusterNodesRequest;
import io.weft.proto.GetClusterNodesResponse;
import io.weft.proto.GetContainersRequest;
import io.weft.proto.GetContainersResponse;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.proto.GetNewApplicationResponse;
import io.weft.proto.GetQueueInfoRequest;
import io.weft.proto.GetQueueInfoResponse;
import io.weft.proto.KillApplicationRequest;
import io.weft.proto.KillApplicationResponse;
import io.weft.proto.MoveApplicationAcrossQueuesRequest;
import io.weft.proto.MoveApplicationAcrossQueuesResponse;
import io.weft.proto.QueueInfo;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.SubmitApplicationResponse;
import io.weft.proto.UpdateApplicationLifetimeRequest;
import io.weft.proto.UpdateApplicationLifetimeResponse;
import io.weft.proto.UpdateApplicationPriorityRequest;
import io.weft.proto.UpdateApplicationPriorityResponse;
import io.weft.proto.WatchApplicationRequest;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.auth.Caller;
import io.weft.rm.auth.AppPermissions;
import io.weft.rm.core.AppFilter;
import io.weft.rm.core.ResourceSeconds;
import io.weft.rm.core.RmCore;
import io.weft.rm.queue.QueueView;
import io.weft.rm.node.NodeState;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** ApplicationClientService: what clients ask of the RM. */
public final class ClientService extends ApplicationClientServiceGrpc.ApplicationClientServiceImplBase
    implements AutoCloseable {
  private final RmCore core;
  private final AppPermissions permissions;
  /** http or https: the scheme of the NMs' web pages, for containers' log links. */
  private final String nodeWebScheme;
  /** Ends each watch stream still open, when the services stop (the RM steps down or shuts down). */
  private final Set<Runnable> openWatches = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Mints an attempt's AMRM token (a serialized weft.Token), for the owners of unmanaged AMs. */
  private final Function<ApplicationAttemptId, byte[]> amrmTokens;

  public ClientService(RmCore core, AppPermissions permissions, String nodeWebScheme,
      Function<ApplicationAttemptId, byte[]> amrmTokens) {
    this.core = requireNonNull(core);
    this.permissions = requireNonNull(permissions);
    this.nodeWebScheme = requireNonNull(nodeWebScheme);
    this.amrmTokens = requireNonNull(amrmTokens);
  }

  /**
   * {@code report} with its current attempt's AMRM token when {@code caller} owns an unmanaged application whose
   * attempt is ready or running: the owner runs that AM, so the owner alone is handed its credential (YARN's
   * ApplicationReport.getAMRMToken, also owner-only). Administrators and other viewers never get it; with simple
   * authentication the owner is whoever claims the owner's name, as for every other right.
   */
  private ApplicationReport withAmrmToken(ApplicationReport proto, AppReport report, String caller) {
    if (!report.amrmTokenIssuable() || report.currentAttempt() == null || !report.user().equals(caller)) {
      return proto;
    }
    return proto.toBuilder().setAmrmToken(ByteString.copyFrom(
        amrmTokens.apply(report.currentAttempt()))).build();
  }

  /** {@code app} as a list shows it to {@code user}: whole, or without what they may not view. */
  private AppReport listed(String user, AppReport app) {
    return permissions.mayViewOverRpc(user, app) ? app : app.withoutDetails();
  }

  /** {@code report} with the memory- and vcore-seconds of every container it held (as REST reports them). */
  private static ApplicationReport withUsage(ApplicationReport report, ResourceSeconds usage) {
    if (usage == null) {
      return report;
    }
    ApplicationReport.Builder b = report.toBuilder();
    b.getUsageBuilder().setMemorySeconds(usage.memorySeconds()).setVcoreSeconds(usage.vcoreSeconds());
    return b.build();
  }

  /** The report of {@code id}, once the caller is found allowed to view it. */
  private CompletableFuture<AppReport> viewable(ApplicationId id) {
    String user = CallerInterceptor.user();
    return core.report(id).thenApply(report -> {
      permissions.requireViewOverRpc(user, report);
      return report;
    });
  }

  @Override
  public void getNewApplication(GetNewApplicationRequest request, StreamObserver<GetNewApplicationResponse> out) {
    Calls.answer(out, core::newApplication, id -> GetNewApplicationResponse.newBuilder()
        .setApplicationId(id.toString())
        .setMaximumResourceCapability(Resources.toProto(core.maximumAllocation()))
        .setMinimumResourceCapability(Resources.toProto(core.settings().minimumAllocation()))
        .build());
  }

  @Override
  public void submitApplication(SubmitApplicationRequest request, StreamObserver<SubmitApplicationResponse> out) {
    var context = request.getSubmissionContext();
    String owner = permissions.owner(CallerInterceptor.user(), context.getUser());
    Calls.answer(out, () -> core.submit(RmProtos.fromProto(context.toBuilder().setUser(owner).build())),
        v -> SubmitApplicationResponse.getDefaultInstance());
  }

  @Override
  public void getApplicationReport(GetApplicationReportRequest request,
      StreamObserver<GetApplicationReportResponse> out) {
    String caller = CallerInterceptor.user();
    Calls.answer(out, () -> viewable(ApplicationId.parse(request.getApplicationId()))
        .thenCombine(core.resourceSeconds(), (r, usage) -> withAmrmToken(
            withUsage(RmProtos.toProto(r), usage.get(r.id())), r, caller)),
        r -> GetApplicationReportResponse.newBuilder().setReport(r).build());
  }

  @Override
  public void getApplications(GetApplicationsRequest request, StreamObserver<GetApplicationsResponse> out) {
    String user = CallerInterceptor.user();
    Calls.answer(out, () -> core.applications(RmProtos.fromProto(request)).thenCombine(core.resourceSeconds(),
        (list, usage) -> list.stream().map(a -> permissions.mayViewOverRpc(user, a)
            ? withUsage(RmProtos.toProto(a), usage.get(a.id())) : RmProtos.toProto(a.withoutDetails())).toList()),
        list -> GetApplicationsResponse.newBuilder().addAllApplications(list).build());
  }

  @Override
  public void killApplication(KillApplicationRequest request, StreamObserver<KillApplicationResponse> out) {
    Calls.answer(out, () -> core.kill(ApplicationId.parse(request.getApplicationId()), request.getDiagnostics(),
        CallerInterceptor.user()),
        r -> KillApplicationResponse.newBuilder().setIsKillCompleted(r.state().isFinal()).build());
  }

  @Override
  public void moveApplicationAcrossQueues(MoveApplicationAcrossQueuesRequest request,
      StreamObserver<MoveApplicationAcrossQueuesResponse> out) {
    Calls.answer(out, () -> core.moveApplication(ApplicationId.parse(request.getApplicationId()),
        request.getTargetQueue(), CallerInterceptor.user()), r -> MoveApplicationAcrossQueuesResponse.getDefaultInstance());
  }

  @Override
  public void updateApplicationPriority(UpdateApplicationPriorityRequest request,
      StreamObserver<UpdateApplicationPriorityResponse> out) {
    Calls.answer(out, () -> core.updatePriority(ApplicationId.parse(request.getApplicationId()), request.getPriority(),
        CallerInterceptor.user()), r -> UpdateApplicationPriorityResponse.newBuilder().setPriority(r.priority()).build());
  }

  @Override
  public void signalToContainer(SignalContainerRequest request, StreamObserver<SignalContainerResponse> out) {
    Calls.answer(out, () -> core.signalContainer(ContainerId.parse(request.getContainerId()),
        ContainerSignals.fromProto(request.getCommand()), CallerInterceptor.user()),
        node -> SignalContainerResponse.getDefaultInstance());
  }

  @Override
  public void updateApplicationLifetime(UpdateApplicationLifetimeRequest request,
      StreamObserver<UpdateApplicationLifetimeResponse> out) {
    Calls.answer(out, () -> core.updateLifetime(ApplicationId.parse(request.getApplicationId()),
        java.time.Duration.ofSeconds(request.getLifetimeSeconds()), CallerInterceptor.user()),
        r -> UpdateApplicationLifetimeResponse.newBuilder()
            .setLifetimeExpiryMs(r.lifetimeExpiry() == null ? 0 : r.lifetimeExpiry().toEpochMilli()).build());
  }

  @Override
  public void getApplicationAttempts(GetApplicationAttemptsRequest request,
      StreamObserver<GetApplicationAttemptsResponse> out) {
    Calls.answer(out, () -> {
      ApplicationId id = ApplicationId.parse(request.getApplicationId());
      return viewable(id).thenCompose(r -> core.attempts(id));
    },
        list -> GetApplicationAttemptsResponse.newBuilder()
            .addAllAttempts(list.stream().map(RmProtos::toProto).toList()).build());
  }

  @Override
  public void getContainers(GetContainersRequest request, StreamObserver<GetContainersResponse> out) {
    Calls.answer(out, () -> {
      ApplicationAttemptId attempt = ApplicationAttemptId.parse(request.getApplicationAttemptId());
      return viewable(attempt.applicationId()).thenCompose(r -> core.containers(attempt));
    },
        list -> GetContainersResponse.newBuilder()
            .addAllContainers(list.stream().map(c -> RmProtos.toProto(c).toBuilder().setLogUrl(logUrl(c)).build())
                .toList()).build());
  }

  /** The container's logs on its NM's own pages (YARN's {@code /node/containerlogs/{id}/{user}}), or empty. */
  private String logUrl(io.weft.rm.container.ContainerView c) {
    var a = c.allocation();
    return a.nodeHttpAddress() == null || a.nodeHttpAddress().isBlank() ? ""
        : nodeWebScheme + "://" + a.nodeHttpAddress() + "/node/containerlogs/" + a.containerId() + "/" + a.user();
  }

  @Override
  public void getClusterMetrics(GetClusterMetricsRequest request, StreamObserver<GetClusterMetricsResponse> out) {
    Calls.answer(out, core::metrics,
        m -> GetClusterMetricsResponse.newBuilder().setMetrics(RmProtos.toProto(m)).build());
  }

  @Override
  public void whoAmI(WhoAmIRequest request, StreamObserver<WhoAmIResponse> out) {
    Caller caller = CallerInterceptor.caller();
    out.onNext(WhoAmIResponse.newBuilder().setUser(caller.user()).setProof(caller.proof().name()).build());
    out.onCompleted();
  }

  @Override
  public void getClusterNodes(GetClusterNodesRequest request, StreamObserver<GetClusterNodesResponse> out) {
    Calls.answer(out, () -> {
      Set<NodeState> states = new HashSet<>();
      request.getStatesList().forEach(s -> states.add(RmProtos.fromProto(s)));
      return core.nodes(states);
    }, list -> GetClusterNodesResponse.newBuilder().addAllNodes(list.stream().map(RmProtos::toProto).toList())
        .build());
  }

  @Override
  public void getClusterNodeLabels(io.weft.proto.GetClusterNodeLabelsRequest request,
      StreamObserver<io.weft.proto.GetClusterNodeLabelsResponse> out) {
    Calls.answer(out, core::nodeLabels, RmProtos::toProto);
  }

  @Override
  public void getQueueInfo(GetQueueInfoRequest request, StreamObserver<GetQueueInfoResponse> out) {
    boolean children = request.getIncludeChildQueues() || request.getRecursive();
    String user = CallerInterceptor.user();
    Calls.answer(out, () -> core.queue(request.getQueueName(), true)
        .thenCombine(core.applications(AppFilter.all()), (queue, apps) -> {
          QueueInfo.Builder q = RmProtos.toProto(queue).toBuilder();
          if (!children) {
            q.clearChildQueues();
          }
          if (request.getIncludeApplications()) {
            Set<String> leaves = new HashSet<>();
            collectLeaves(queue, leaves);
            apps.stream().filter(a -> !a.state().isFinal() && leaves.contains(a.queue()))
                .forEach(a -> q.addApplications(RmProtos.toProto(listed(user, a))));
          }
          return q.build();
        }), q -> GetQueueInfoResponse.newBuilder().setQueueInfo(q).build());
  }

  private static void collectLeaves(QueueView queue, Set<String> out) {
    if (queue.leaf()) {
      out.add(queue.name());
    }
    queue.children().forEach(c -> collectLeaves(c, out));
  }

  @Override
  public void watchApplication(WatchApplicationRequest request, StreamObserver<ApplicationReport> out) {
    ServerCallStreamObserver<ApplicationReport> stream = (ServerCallStreamObserver<ApplicationReport>) out;
    AtomicBoolean ended = new AtomicBoolean();
    AtomicReference<Runnable> stopWatching = new AtomicReference<>();
    Runnable abort = () -> {
      if (ended.compareAndSet(false, true)) {
        synchronized (stream) {
          stream.onError(RpcErrors.toStatus(WeftException.unavailable("the ResourceManager stopped serving (it "
              + "stepped down to standby or is shutting down); watch again at the active ResourceManager")));
        }
      }
    };
    ApplicationId id;
    try {
      id = ApplicationId.parse(request.getApplicationId());
    } catch (WeftException e) {
      // answered before the watch is registered: a closed call must not stay among the open watches
      out.onError(RpcErrors.toStatus(e));
      return;
    }
    openWatches.add(abort);
    // must be set before this method returns
    stream.setOnCancelHandler(() -> {
      ended.set(true);
      openWatches.remove(abort);
      Runnable stop = stopWatching.get();
      if (stop != null) {
        stop.run();
      }
    });
    String watcher = CallerInterceptor.user();
    core.watch(id, report -> {
      synchronized (stream) {
        if (ended.get()) {
          return;
        }
        try {
          permissions.requireViewOverRpc(watcher, report);
        } catch (WeftException denied) {
          if (ended.compareAndSet(false, true)) {
            openWatches.remove(abort);
            stream.onError(RpcErrors.toStatus(denied));
            Runnable stop = stopWatching.get();
            if (stop != null) {
              stop.run();
            }
          }
          return;
        }
        stream.onNext(RmProtos.toProto(report));
        if (report.state().isFinal() && ended.compareAndSet(false, true)) {
          openWatches.remove(abort);
          stream.onCompleted();
        }
      }
    }).whenComplete((stop, error) -> {
      if (error != null) {
        openWatches.remove(abort);
        if (ended.compareAndSet(false, true)) {
          synchronized (stream) {
            stream.onError(RpcErrors.toStatus(Calls.unwrap(error)));
          }
        }
        return;
      }
      stopWatching.set(stop);
      if (ended.get()) {
        stop.run();
      }
    });
  }

  /** Ends every open watch with UNAVAILABLE, so its client watches again where the active RM is. */
  @Override
  public void close() {
    List.copyOf(openWatches).forEach(Runnable::run);
    openWatches.clear();
  }
}
