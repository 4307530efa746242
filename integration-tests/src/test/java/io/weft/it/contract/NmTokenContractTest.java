package io.weft.it.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.weft.am.client.AmRmClient;
import io.weft.am.client.Container;
import io.weft.am.client.ContainerLaunchContext;
import io.weft.am.client.ContainerRequest;
import io.weft.am.rpc.NmTokens;
import io.weft.am.rpc.NodeChannels;
import io.weft.am.rpc.NodeManagerClient;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Channels;
import io.weft.common.security.AuthHeaders;
import io.weft.nm.NodeManager;
import io.weft.proto.ContainerManagementServiceGrpc;
import io.weft.proto.GetContainerStatusesRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.ReadContainerLogRequest;
import io.weft.proto.StopContainersRequest;
import io.weft.proto.Token;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens on container calls and staged files, between the real RM, a real NM and an AM hosted in the
 * test, over real gRPC: a stranger's stop / status / log calls are refused and the container keeps
 * running while the AM's own calls work; master keys roll, crossing to the NM once per roll and never
 * on other heartbeats; a token replayed after its key rolled away is refused.
 */
class NmTokenContractTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ContainerRequest ONE_GB = ContainerRequest.anywhere(Resource.of(1024, 1), 1);

  @TempDir Path dir;
  ContractCluster cluster;
  final NodeChannels nodes = new NodeChannels(io.grpc.InsecureChannelCredentials.create());
  final List<ManagedChannel> channels = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.close();
    channels.forEach(Channels::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  private NodeManagerClient amNmClient() {
    return new NodeManagerClient(nodes, ContractCluster.TIMEOUT);
  }

  /** A client of the NM's ContainerManagementService presenting {@code nmToken} (none when null), as anyone can. */
  private ContainerManagementServiceGrpc.ContainerManagementServiceBlockingStub stranger(NodeManager nm, Token nmToken) {
    ManagedChannel channel = Channels.forAddress(nm.nodeId().address());
    channels.add(channel);
    var stub = ContainerManagementServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    if (nmToken == null) {
      return stub;
    }
    Metadata headers = new Metadata();
    headers.put(AuthHeaders.NM_TOKEN, nmToken.toByteArray());
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static Token tokenOf(ApplicationId app, Container on) throws Exception {
    byte[] bytes = NmTokens.shared().get(app, on.nodeId()).orElseThrow(() -> new AssertionError(
        "the RM handed no NM token of " + app + " for " + on.nodeId()));
    return Token.parseFrom(bytes);
  }

  private static List<Container> grants(AmRmClient amrm, int count) {
    List<Container> granted = new ArrayList<>();
    await("grant of " + count + " container(s)").atMost(WAIT).until(() -> {
      granted.addAll(amrm.allocate(0.5f, Duration.ofSeconds(1)).allocatedContainers());
      return granted.size() >= count;
    });
    return granted;
  }

  private Container runSleeping(ContractCluster.HostedAm am) {
    am.amrm().addContainerRequest(ONE_GB);
    Container container = grants(am.amrm(), 1).get(0);
    amNmClient().start(container.id(), container.nodeId(), container.containerToken(),
        ContainerLaunchContext.of(List.of("sleep", "600")));
    // Each try allocates too: with keys rolling every few seconds the AM's NM token is renewed meanwhile.
    await(container.id() + " runs").atMost(WAIT).ignoreExceptions().until(() -> {
      am.amrm().allocate(0.5f, Duration.ZERO);
      return amNmClient().status(container.nodeId(), container.id()).state().name().equals("RUNNING");
    });
    return container;
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Status.Code code,
      String why) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(why);
    });
  }

  @Test
  void aStrangersCalls_areRefused_theContainerKeepsRunning_andTheAmsOwnCallsWork() throws Exception {
    cluster = new ContractCluster(dir, Map.of(RmKeys.NM_HEARTBEAT_INTERVAL.key(), "100"));
    NodeManager nm = cluster.startNodeManager(65536); // room for two AMs under the AM share of the queue
    ContractCluster.HostedAm am = cluster.hostAm();
    Container running = runSleeping(am);
    ContractCluster.HostedAm other = cluster.hostAm();
    other.amrm().addContainerRequest(ONE_GB);
    Container others = grants(other.amrm(), 1).get(0);
    Token otherAppsToken = tokenOf(other.id(), others);
    String id = running.id().toString();
    StopContainersRequest stop = StopContainersRequest.newBuilder().addContainerIds(id).build();
    GetContainerStatusesRequest status = GetContainerStatusesRequest.newBuilder().addContainerIds(id).build();
    ReadContainerLogRequest log = ReadContainerLogRequest.newBuilder().setContainerId(id).setFile("stdout").build();

    assertRefused(() -> stranger(nm, null).stopContainers(stop), Status.Code.UNAUTHENTICATED, "carries no NM token");
    assertRefused(() -> stranger(nm, null).getContainerStatuses(status), Status.Code.UNAUTHENTICATED, id);
    assertRefused(() -> stranger(nm, null).readContainerLog(log).hasNext(), Status.Code.UNAUTHENTICATED, id);
    assertThat(stranger(nm, otherAppsToken).stopContainers(stop).getFailedRequestsList()).singleElement()
        .satisfies(f -> assertThat(f.getMessage()).contains(id).contains("token is for application " + other.id()));
    assertRefused(() -> stranger(nm, otherAppsToken).readContainerLog(log).hasNext(), Status.Code.PERMISSION_DENIED,
        "belongs to " + am.id());

    assertThat(amNmClient().status(running.nodeId(), running.id()).state().name()).isEqualTo("RUNNING");
    assertThat(cluster.client().getApplicationReport(am.id()).getYarnApplicationState())
        .isEqualTo(YarnApplicationState.RUNNING);
    amNmClient().stop(running.nodeId(), List.of(running.id()), ExitStatus.KILLED_BY_APPMASTER, "done");
    await("the AM's own stop").atMost(WAIT).until(() ->
        amNmClient().status(running.nodeId(), running.id()).state().name().equals("COMPLETE"));
  }

  @Test
  void keysRoll_crossingToTheNmOncePerRoll_aReplayedTokenIsRefused_andNewTokensWork() throws Exception {
    // Keys roll every 2 s, handed out 4 heartbeats (400 ms) before they sign; NM tokens live 1.6 s.
    cluster = new ContractCluster(dir, Map.of(RmKeys.NM_HEARTBEAT_INTERVAL.key(), "100",
        RmKeys.MASTER_KEY_ROLLING_INTERVAL.key(), "2"));
    NodeManager nm = cluster.startNodeManager(8192);
    HeartbeatTap tap = cluster.taps.get(0);
    ContractCluster.HostedAm am = cluster.hostAm();
    Container running = runSleeping(am);
    Token early = tokenOf(am.id(), running);
    ContainerId id = running.id();
    int firstHeartbeat = tap.heartbeats.size();

    // The AM keeps calling, as a live AM does: its AMRM token rolls too, and one that sat out two rolls is refused.
    await("two rolls of the keys reach the NM").atMost(WAIT).until(() -> {
      am.amrm().allocate(0.5f, Duration.ZERO);
      return nmKeysSent(tap, firstHeartbeat).size() >= 3;
    });

    List<NodeHeartbeatResponse> answers = tap.heartbeats.subList(firstHeartbeat, tap.heartbeats.size()).stream()
        .map(HeartbeatTap.Crossing::answer).toList();
    List<Integer> sent = answers.stream().filter(NodeHeartbeatResponse::hasNmTokenMasterKey)
        .map(a -> a.getNmTokenMasterKey().getKeyId()).toList();
    assertThat(sent).as("each new key crosses once").doesNotHaveDuplicates();
    assertThat(answers.stream().filter(NodeHeartbeatResponse::hasContainerTokenMasterKey).count())
        .isEqualTo(sent.size());
    assertThat(answers.size()).as("most heartbeats carry no key").isGreaterThan(2 * sent.size());

    assertRefused(() -> stranger(nm, early).getContainerStatuses(GetContainerStatusesRequest.newBuilder()
        .addContainerIds(id.toString()).build()), Status.Code.UNAUTHENTICATED, id.toString());
    // The AM's next Allocate renews its token with the key signing now, which the NM was given.
    await("a renewed NM token works").atMost(WAIT).ignoreExceptions().until(() -> {
      am.amrm().allocate(0.5f, Duration.ofMillis(200));
      return amNmClient().status(running.nodeId(), id).state().name().equals("RUNNING");
    });
    assertThat(tokenOf(am.id(), running).getKeyId()).isNotEqualTo(early.getKeyId());
  }

  private static Set<Integer> nmKeysSent(HeartbeatTap tap, int from) {
    Set<Integer> ids = new TreeSet<>();
    List<HeartbeatTap.Crossing> crossed = List.copyOf(tap.heartbeats);
    crossed.subList(from, crossed.size()).stream().map(HeartbeatTap.Crossing::answer)
        .filter(NodeHeartbeatResponse::hasNmTokenMasterKey).forEach(a -> ids.add(a.getNmTokenMasterKey().getKeyId()));
    return ids;
  }
}
