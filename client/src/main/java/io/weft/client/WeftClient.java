package io.weft.client;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.weft.client.admin.AdminAclRefreshed;
import io.weft.client.admin.ClusterNodeLabels;
import io.weft.client.admin.IssuedUserToken;
import io.weft.client.admin.NodesRefreshed;
import io.weft.client.admin.QueuesRefreshed;
import io.weft.client.admin.UserToken;
import io.weft.client.records.ApplicationAttemptReport;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.client.records.ClusterMetrics;
import io.weft.client.records.ContainerReport;
import io.weft.client.records.LocalResource;
import io.weft.client.records.NodeReport;
import io.weft.client.records.NodeState;
import io.weft.client.records.QueueInfo;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.HostPort;
import io.weft.common.launch.ContainerSignal;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.ApplicationWatch;
import io.weft.common.rpc.ContainerSignals;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.FailoverChannel;
import io.weft.common.rpc.OutageReporter;
import io.weft.common.rpc.RetryPolicy;
import io.weft.common.rpc.RetryingCalls;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.common.connect.UserChannels;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationClientServiceGrpc.ApplicationClientServiceBlockingStub;
import io.weft.proto.GetApplicationAttemptsRequest;
import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.GetApplicationsRequest;
import io.weft.proto.GetClusterMetricsRequest;
import io.weft.proto.GetClusterNodesRequest;
import io.weft.proto.GetContainersRequest;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.proto.GetNewApplicationResponse;
import io.weft.proto.KillApplicationRequest;
import io.weft.proto.SignalContainerRequest;
import io.weft.proto.StagedFileHeader;
import io.weft.proto.StagingServiceGrpc;
import io.weft.proto.StatStagedFileRequest;
import io.weft.proto.StatStagedFileResponse;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.UploadStagedFileRequest;
import io.weft.proto.UploadStagedFileResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Weft's YarnClient: the programmatic way to talk to a ResourceManager. It speaks in the immutable records of
 * {@link io.weft.client.records} (YARN's names; docs/client-api.md maps YARN's calls to these) and the ids of
 * {@code io.weft.common.id}; no protobuf crosses it. Every call has a deadline;
 * failures surface as {@link WeftException} carrying the RM's code and message. An RM that cannot be
 * reached (a restart, a network blip) is retried with back-off for up to
 * {@code weft.resourcemanager.connect.max-wait-ms}, and {@link #watch} reconnects; with HA each retry
 * after UNAVAILABLE (an RM dead or standby) goes to the next RM (see {@link FailoverChannel}); the outage is told
 * once when the RM is lost and once when it is found (to the log, or to the notices given to
 * {@link #connect(WeftConfig, Consumer)}).
 */
public final class WeftClient implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  private static final int CHUNK_BYTES = 256 * 1024;

  private final FailoverChannel channel;
  private final Duration timeout;
  private final RetryingCalls calls;

  private WeftClient(FailoverChannel channel, Duration timeout, RetryPolicy retryPolicy,
      Function<FailoverChannel, OutageReporter> outage) {
    this.channel = requireNonNull(channel);
    this.timeout = requireNonNull(timeout);
    this.calls = new RetryingCalls(channel, retryPolicy, outage.apply(channel));
  }

  /**
   * A client of the RM(s) {@code config} names: {@code weft.resourcemanager.address}, or with HA every
   * {@code weft.resourcemanager.address.<id>}, failing over along them; outages go to the log.
   */
  public static WeftClient connect(WeftConfig config) {
    return open(config, RmEndpoints.rpcAddresses(config), channel -> OutageReporter.logged(channel, LOG));
  }

  /** As {@link #connect(WeftConfig)}, telling {@code notices} (e.g. stderr) when the RM is lost and found again. */
  public static WeftClient connect(WeftConfig config, Consumer<String> notices) {
    return connect(config, RmEndpoints.rpcAddresses(config), notices);
  }

  /** As {@link #connect(WeftConfig, Consumer)}, to the RMs at {@code rmAddresses} rather than those configured. */
  public static WeftClient connect(WeftConfig config, List<HostPort> rmAddresses, Consumer<String> notices) {
    return open(config, rmAddresses, channel -> OutageReporter.forResourceManager(channel, notices));
  }

  private static WeftClient open(WeftConfig config, List<HostPort> rmAddresses,
      Function<FailoverChannel, OutageReporter> outage) {
    // the user's bearer token, when there is one, rides on every call (weft.security.authentication=token)
    return new WeftClient(UserChannels.forResourceManagers(rmAddresses, config), config.get(CommonKeys.RPC_TIMEOUT),
        RetryPolicy.forResourceManager(config), outage);
  }

  public static WeftClient connect(HostPort rmAddress) {
    return connect(WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), rmAddress.toString())));
  }

  /** The RM calls go to now (with HA, the one last found active or being tried). */
  public HostPort rmAddress() {
    return channel.current();
  }

  /** Every RM this client fails over along. */
  public List<HostPort> rmAddresses() {
    return channel.addresses();
  }

  /** A new application id and the largest container the cluster will grant. */
  public NewApplication createApplication() {
    GetNewApplicationResponse response = call("get a new application id",
        () -> stub().getNewApplication(GetNewApplicationRequest.getDefaultInstance()));
    return new NewApplication(ApplicationId.parse(response.getApplicationId()),
        Resources.fromProto(response.getMaximumResourceCapability()),
        Resources.fromProto(response.getMinimumResourceCapability()));
  }

  /** Submits {@code context}; a retry that finds it already submitted counts as done (see {@link RetryingCalls#callCreating}). */
  public void submitApplication(ApplicationSubmissionContext context) {
    String what = "submit " + context.getApplicationId();
    io.weft.proto.ApplicationSubmissionContext wire = ProtoReports.toProto(context);
    calls.callCreating("cannot " + what, () -> once(what, () -> stub().submitApplication(
        SubmitApplicationRequest.newBuilder().setSubmissionContext(wire).build())));
  }

  public ApplicationReport getApplicationReport(ApplicationId id) {
    return ProtoReports.application(call("get the report of " + id,
        () -> stub().getApplicationReport(GetApplicationReportRequest.newBuilder()
            .setApplicationId(id.toString()).build()).getReport()));
  }

  /** The applications {@code filter} matches, in the RM's order. */
  public List<ApplicationReport> getApplications(ApplicationFilter filter) {
    GetApplicationsRequest request = GetApplicationsRequest.newBuilder()
        .addAllStates(filter.states().stream().map(ProtoReports::toProto).toList())
        .addAllQueues(filter.queues()).addAllUsers(filter.users())
        .addAllApplicationTypes(filter.applicationTypes()).addAllApplicationTags(filter.applicationTags())
        .setLimit(filter.limit())
        .setStartBeginMs(filter.startBegin()).setStartEndMs(filter.startEnd())
        .setFinishBeginMs(filter.finishBegin()).setFinishEndMs(filter.finishEnd())
        .build();
    return call("list applications", () -> stub().getApplications(request).getApplicationsList()).stream()
        .map(ProtoReports::application).toList();
  }

  /** Every application the RM knows. */
  public List<ApplicationReport> getApplications() {
    return getApplications(ApplicationFilter.ALL);
  }

  /** The applications in one of {@code states} (YARN's {@code getApplications(EnumSet)}). */
  public List<ApplicationReport> getApplications(EnumSet<YarnApplicationState> states) {
    return getApplications(ApplicationFilter.builder().states(states).build());
  }

  /** The applications of one of {@code applicationTypes} in one of {@code states} (empty = any). */
  public List<ApplicationReport> getApplications(Set<String> applicationTypes, EnumSet<YarnApplicationState> states) {
    return getApplications(ApplicationFilter.builder().applicationTypes(applicationTypes).states(states).build());
  }

  /** Asks the RM to kill {@code id}; returns true once the kill is complete. */
  public boolean killApplication(ApplicationId id) {
    return call("kill " + id, () -> stub().killApplication(KillApplicationRequest.newBuilder()
        .setApplicationId(id.toString()).build()).getIsKillCompleted());
  }

  /** Moves an active application to leaf queue {@code queue}. */
  public void moveApplication(ApplicationId id, String queue) {
    call("move " + id + " to queue " + queue, () -> stub().moveApplicationAcrossQueues(
        io.weft.proto.MoveApplicationAcrossQueuesRequest.newBuilder().setApplicationId(id.toString())
            .setTargetQueue(queue).build()));
  }

  /**
   * Sets active application {@code id}'s priority (its owner or an administrator of its queue may): within its
   * queue the scheduler serves higher priorities first. Answers the priority now in force.
   */
  public int updateApplicationPriority(ApplicationId id, int priority) {
    return call("update the priority of " + id, () -> stub().updateApplicationPriority(
        io.weft.proto.UpdateApplicationPriorityRequest.newBuilder().setApplicationId(id.toString())
            .setPriority(priority).build())).getPriority();
  }

  /**
   * Has running container {@code id}'s NodeManager send it {@code signal} (YARN's signalToContainer), as its
   * application's owner or a queue administrator; it is sent within a heartbeat of this call's return.
   */
  public void signalToContainer(ContainerId id, ContainerSignal signal) {
    call("signal " + id, () -> stub().signalToContainer(SignalContainerRequest.newBuilder()
        .setContainerId(id.toString()).setCommand(ContainerSignals.toProto(signal)).build()));
  }

  /**
   * Makes active application {@code id}'s lifetime end {@code lifetime} from now (YARN's updateApplicationTimeouts
   * for LIFETIME): then the ResourceManager kills it. Answers the new expiry.
   */
  public java.time.Instant updateApplicationLifetime(ApplicationId id, Duration lifetime) {
    return java.time.Instant.ofEpochMilli(call("update the lifetime of " + id, () -> stub().updateApplicationLifetime(
        io.weft.proto.UpdateApplicationLifetimeRequest.newBuilder().setApplicationId(id.toString())
            .setLifetimeSeconds(lifetime.toSeconds()).build())).getLifetimeExpiryMs());
  }

  /** Queue {@code name} (short name or path; blank = root), with its whole subtree when {@code recursive}. */
  public QueueInfo getQueueInfo(String name, boolean recursive) {
    return ProtoReports.queue(call("get queue '" + name + "'", () -> stub().getQueueInfo(
        io.weft.proto.GetQueueInfoRequest.newBuilder().setQueueName(name).setRecursive(recursive)
            .setIncludeChildQueues(recursive).build()).getQueueInfo()));
  }

  /** Makes the RM re-read its queue configuration; answers the tree now in force. */
  public QueuesRefreshed refreshQueues() {
    return ProtoReports.queuesRefreshed(call("refresh queues", () -> adminStub()
        .refreshQueues(io.weft.proto.RefreshQueuesRequest.getDefaultInstance())));
  }

  /**
   * Makes the RM re-read its include and exclude files and decommission the nodes they exclude at once (YARN's
   * {@code rmadmin -refreshNodes}); answers the nodes that moved.
   */
  public NodesRefreshed refreshNodes() {
    return refreshNodes(io.weft.proto.RefreshNodesRequest.newBuilder().setGraceful(false).build());
  }

  /**
   * As {@link #refreshNodes()}, but the excluded nodes drain (DECOMMISSIONING: no new containers) for up to
   * {@code timeout} before what they still run is killed; {@code null} = the RM's
   * {@code weft.resourcemanager.nodemanager-graceful-decommission-timeout-secs}.
   */
  public NodesRefreshed refreshNodesGracefully(Duration timeout) {
    io.weft.proto.RefreshNodesRequest.Builder request = io.weft.proto.RefreshNodesRequest.newBuilder()
        .setGraceful(true);
    if (timeout != null) {
      request.setTimeoutSecs(timeout.toSeconds());
    }
    return refreshNodes(request.build());
  }

  /**
   * As {@link #refreshNodesGracefully}, with no limit on the RM's side: the caller tracks the timeout itself (as
   * {@code rmadmin -refreshNodes -g <s> -client} does) and calls {@link #refreshNodes()} when it passes.
   */
  public NodesRefreshed refreshNodesGracefullyWithoutLimit() {
    return refreshNodes(io.weft.proto.RefreshNodesRequest.newBuilder().setGraceful(true).setTimeoutSecs(-1).build());
  }

  private NodesRefreshed refreshNodes(io.weft.proto.RefreshNodesRequest request) {
    return ProtoReports.nodesRefreshed(call("refresh nodes", () -> adminStub().refreshNodes(request)));
  }

  private io.weft.proto.ResourceManagerAdministrationServiceGrpc.ResourceManagerAdministrationServiceBlockingStub
      adminStub() {
    return io.weft.proto.ResourceManagerAdministrationServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Makes the RM read {@code weft.admin.acl} again from the configuration file it started with (administrators
   * only); answers the ACL now in force, the one before and where it was read.
   */
  public AdminAclRefreshed refreshAdminAcls() {
    return ProtoReports.adminAclRefreshed(call("refresh the admin ACL", () -> adminStub()
        .refreshAdminAcls(io.weft.proto.RefreshAdminAclsRequest.getDefaultInstance())));
  }

  /**
   * Adds node labels to the cluster (administrators only; {@code rmadmin -addToClusterNodeLabels}): label name
   * to exclusive (false is refused: Weft's partitions are exclusive). Answers the labels now in force.
   */
  public ClusterNodeLabels addToClusterNodeLabels(Map<String, Boolean> labels) {
    var request = io.weft.proto.AddToClusterNodeLabelsRequest.newBuilder();
    labels.forEach((name, exclusive) -> request.addLabels(io.weft.proto.NodeLabel.newBuilder().setName(name)
        .setExclusive(exclusive)));
    return ClusterNodeLabels.fromProto(call("add node labels " + labels.keySet(),
        () -> adminStub().addToClusterNodeLabels(request.build())));
  }

  /** Removes node labels from the cluster; the nodes that carried one lose it (administrators only). */
  public ClusterNodeLabels removeFromClusterNodeLabels(java.util.Collection<String> labels) {
    return ClusterNodeLabels.fromProto(call("remove node labels " + labels, () -> adminStub()
        .removeFromClusterNodeLabels(io.weft.proto.RemoveFromClusterNodeLabelsRequest.newBuilder()
            .addAllLabels(labels).build())));
  }

  /**
   * Sets the labels of nodes (host, for every NodeManager on it, or host:port) to the given ones (none or one);
   * administrators only ({@code rmadmin -replaceLabelsOnNode}).
   */
  public ClusterNodeLabels replaceLabelsOnNode(Map<String, java.util.Set<String>> byNode) {
    var request = io.weft.proto.ReplaceLabelsOnNodeRequest.newBuilder();
    byNode.forEach((node, labels) -> request.addNodes(io.weft.proto.NodeToLabels.newBuilder().setNode(node)
        .addAllLabels(labels)));
    return ClusterNodeLabels.fromProto(call("replace the labels on " + byNode.keySet(),
        () -> adminStub().replaceLabelsOnNode(request.build())));
  }

  /** The cluster's node labels and node mappings (anyone; {@code cluster --list-node-labels}). */
  public ClusterNodeLabels getClusterNodeLabels() {
    return ClusterNodeLabels.fromProto(call("list node labels", () -> stub().getClusterNodeLabels(
        io.weft.proto.GetClusterNodeLabelsRequest.getDefaultInstance())));
  }

  /** Issues a bearer token for {@code user} (administrators only); {@code lifetime} zero = no expiry. */
  public IssuedUserToken createUserToken(String user, Duration lifetime) {
    return ProtoReports.issuedUserToken(call("create a token for " + user, () -> tokenStub().createToken(
        io.weft.proto.CreateTokenRequest.newBuilder().setUser(user).setLifetimeMs(lifetime.toMillis()).build())));
  }

  /** Revokes token {@code id} (administrators only); answers it as it is now. */
  public UserToken revokeUserToken(String id) {
    return ProtoReports.userToken(call("revoke token " + id, () -> tokenStub().revokeToken(
        io.weft.proto.RevokeTokenRequest.newBuilder().setId(id).build())));
  }

  /** Every token the RM issued, without secrets (administrators only). */
  public List<UserToken> listUserTokens() {
    return call("list tokens", () -> tokenStub().listTokens(io.weft.proto.ListTokensRequest.getDefaultInstance())
        .getTokensList()).stream().map(ProtoReports::userToken).toList();
  }

  private io.weft.proto.UserTokenServiceGrpc.UserTokenServiceBlockingStub tokenStub() {
    return io.weft.proto.UserTokenServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** The nodes in one of {@code states}; none given = every node (YARN's {@code getNodeReports}). */
  public List<NodeReport> getNodeReports(NodeState... states) {
    GetClusterNodesRequest request = GetClusterNodesRequest.newBuilder()
        .addAllStates(Arrays.stream(states).map(ProtoReports::toProto).toList()).build();
    return call("list nodes", () -> stub().getClusterNodes(request).getNodesList()).stream()
        .map(ProtoReports::node).toList();
  }

  /** Node {@code id}'s report, in whatever state it is; NOT_FOUND (YARN's words) when the RM does not know it. */
  public NodeReport getNodeReport(NodeId id) {
    return getNodeReports().stream().filter(n -> n.getNodeId().equals(id)).findFirst()
        .orElseThrow(() -> WeftException.notFound("Could not find the node report for node id : " + id));
  }

  /** Every attempt of application {@code id}, oldest first. */
  public List<ApplicationAttemptReport> getApplicationAttempts(ApplicationId id) {
    return call("list the attempts of " + id, () -> stub().getApplicationAttempts(
        GetApplicationAttemptsRequest.newBuilder().setApplicationId(id.toString()).build()).getAttemptsList())
        .stream().map(ProtoReports::attempt).toList();
  }

  /** Attempt {@code id}'s report; NOT_FOUND naming the attempt (YARN's words) when it or its application is unknown. */
  public ApplicationAttemptReport getApplicationAttemptReport(ApplicationAttemptId id) {
    return attemptsOf(id.applicationId(), "Application Attempt with id '" + id + "'").stream()
        .filter(a -> a.getApplicationAttemptId().equals(id)).findFirst()
        .orElseThrow(() -> WeftException.notFound("Application Attempt with id '" + id + "' doesn't exist in RM."));
  }

  /** The containers the RM still holds for attempt {@code id} (the AM's included; finished ones while it keeps them). */
  public List<ContainerReport> getContainers(ApplicationAttemptId id) {
    return call("list the containers of " + id, () -> stub().getContainers(
        GetContainersRequest.newBuilder().setApplicationAttemptId(id.toString()).build()).getContainersList())
        .stream().map(ProtoReports::container).toList();
  }

  /** Container {@code id}'s report; NOT_FOUND naming the container (YARN's words) when the RM does not hold it. */
  public ContainerReport getContainerReport(ContainerId id) {
    String subject = "Container with id '" + id + "'";
    List<ContainerReport> containers;
    try {
      containers = getContainers(id.attemptId());
    } catch (WeftException e) {
      throw e.code() == WeftException.Code.NOT_FOUND
          ? WeftException.notFound(subject + " doesn't exist in RM: " + e.getMessage()) : e;
    }
    return containers.stream().filter(c -> c.getContainerId().equals(id)).findFirst()
        .orElseThrow(() -> WeftException.notFound(subject + " doesn't exist in RM."));
  }

  private List<ApplicationAttemptReport> attemptsOf(ApplicationId app, String subject) {
    try {
      return getApplicationAttempts(app);
    } catch (WeftException e) {
      throw e.code() == WeftException.Code.NOT_FOUND
          ? WeftException.notFound(subject + " doesn't exist in RM: " + e.getMessage()) : e;
    }
  }

  public ClusterMetrics getClusterMetrics() {
    return ProtoReports.metrics(call("get cluster metrics",
        () -> stub().getClusterMetrics(GetClusterMetricsRequest.getDefaultInstance()).getMetrics()));
  }

  /**
   * Stages {@code file} in the RM for application {@code app} (content-addressed: content already
   * staged for it is not sent again) and returns the resource a launch context uses to localize it.
   * Only the caller may upload more for {@code app}, only its containers can fetch the file, and it is
   * deleted when the application ends.
   */
  public LocalResource uploadFile(ApplicationId app, Path file) {
    String sha256 = sha256(file);
    long size = size(file);
    StatStagedFileResponse stat = call("check staging for " + file,
        () -> StagingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .statStagedFile(StatStagedFileRequest.newBuilder().setSha256(sha256).setApplicationId(app.toString())
                .build()));
    if (!stat.getPresent()) {
      // Staging is content-addressed: an upload cut off by an outage is simply sent again.
      calls.call("upload " + file, () -> {
        upload(app, file, sha256, size);
        return null;
      });
    }
    return LocalResource.newBuilder().uri("staging:" + sha256).sha256(sha256).size(size).build();
  }

  private void upload(ApplicationId app, Path file, String sha256, long size) {
    CompletableFuture<UploadStagedFileResponse> done = new CompletableFuture<>();
    StreamObserver<UploadStagedFileRequest> requests = StagingServiceGrpc.newStub(channel)
        .withDeadlineAfter(timeout.toMillis() + size / 1024, TimeUnit.MILLISECONDS)
        .uploadStagedFile(new StreamObserver<>() {
          @Override
          public void onNext(UploadStagedFileResponse value) {
            done.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    requests.onNext(UploadStagedFileRequest.newBuilder().setHeader(StagedFileHeader.newBuilder()
        .setName(file.getFileName().toString()).setSize(size).setSha256(sha256).setApplicationId(app.toString()))
        .build());
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[CHUNK_BYTES];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        requests.onNext(UploadStagedFileRequest.newBuilder().setChunk(ByteString.copyFrom(buffer, 0, n)).build());
      }
      requests.onCompleted();
    } catch (IOException e) {
      requests.onError(e);
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    await(done, "upload " + file);
  }

  /**
   * Follows {@code id} through the RM's state stream, handing each report to {@code onChange},
   * and returns the final report. No polling: the RM pushes every change. When the RM goes away
   * the watch reconnects (see {@link ApplicationWatch}) and goes on without repeating a state it
   * delivered; it ends at a final state, when the RM stays away past the max wait, or on an error
   * the RM answers.
   */
  public ApplicationReport watch(ApplicationId id, Consumer<ApplicationReport> onChange) {
    return ProtoReports.application(ApplicationWatch.follow(calls, id,
        report -> onChange.accept(ProtoReports.application(report))));
  }

  /** FINISHED, FAILED or KILLED: an application in such a state never changes again. */
  public static boolean isFinal(YarnApplicationState state) {
    return ApplicationWatch.isFinal(ProtoReports.toProto(state));
  }

  private <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw RpcErrors.fromStatus(e.getCause(), what + " at " + rmAddress());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeftException(WeftException.Code.CANCELLED, "interrupted while waiting to " + what);
    }
  }

  private ApplicationClientServiceBlockingStub stub() {
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
    } catch (WeftException e) {
      throw e;
    } catch (RuntimeException e) {
      throw RpcErrors.fromStatus(e, "cannot " + what + " at ResourceManager " + rmAddress());
    }
  }

  static String sha256(Path file) {
    try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
        MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    Channels.close(channel);
  }

  /** What {@link #createApplication} answers. */
  public record NewApplication(ApplicationId id, Resource maximumCapability, Resource minimumCapability) {}

}
