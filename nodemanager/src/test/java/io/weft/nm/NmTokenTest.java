package io.weft.nm;

import static io.weft.nm.NmHarness.ATTEMPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.security.MasterKey;
import io.weft.nm.testing.FakeResourceManager;
import io.weft.proto.ContainerManagementServiceGrpc.ContainerManagementServiceBlockingStub;
import io.weft.proto.ContainerState;
import io.weft.proto.GetContainerStatusesRequest;
import io.weft.proto.ReadContainerLogRequest;
import io.weft.proto.StopContainersRequest;
import io.weft.proto.Token;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real NodeManager over real gRPC refuses stop, status and log calls on a running container that
 * come without a genuine NM token of the container's application for this node, and the container
 * keeps running; the application's own token works, and tokens of a key rolled twice are refused.
 */
class NmTokenTest {
  private static final ApplicationAttemptId OTHER_ATTEMPT =
      new ApplicationAttemptId(new ApplicationId(FakeResourceManager.CLUSTER_TS, 2), 1);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  FakeResourceManager rm;
  NmHarness h;
  ContainerId running;

  @BeforeEach
  void setUp() {
    rm = new FakeResourceManager();
    rm.start();
    h = new NmHarness(dir, rm, Map.of());
    h.awaitRegistered();
    running = h.run(1, "sleep", "600");
    await("the container runs").atMost(WAIT).until(() -> h.status(running).getState() == ContainerState.CONTAINER_RUNNING);
  }

  @AfterEach
  void tearDown() {
    h.close();
    rm.close();
  }

  private long inTenMinutes() {
    return System.currentTimeMillis() + 600_000;
  }

  private NodeId node() {
    return h.nm.nodeId();
  }

  /** Stop, status and log read of the running container through {@code stub} are each refused with {@code code}. */
  private void everyCallRefused(ContainerManagementServiceBlockingStub stub, Status.Code code, String why) {
    StopContainersRequest stop = StopContainersRequest.newBuilder().addContainerIds(running.toString()).build();
    GetContainerStatusesRequest status = GetContainerStatusesRequest.newBuilder()
        .addContainerIds(running.toString()).build();
    ReadContainerLogRequest log = ReadContainerLogRequest.newBuilder().setContainerId(running.toString())
        .setFile("stdout").build();
    if (code == Status.Code.PERMISSION_DENIED) {
      // Per container: the rest of a batch would proceed.
      assertThat(stub.stopContainers(stop).getFailedRequestsList()).singleElement().satisfies(f -> {
        assertThat(f.getCode()).isEqualTo("PERMISSION_DENIED");
        assertThat(f.getMessage()).contains(running.toString()).contains(why);
      });
      assertThat(stub.getContainerStatuses(status).getFailedRequestsList()).singleElement()
          .satisfies(f -> assertThat(f.getMessage()).contains(why));
    } else {
      assertRefused(() -> stub.stopContainers(stop), code, why);
      assertRefused(() -> stub.getContainerStatuses(status), code, why);
    }
    assertRefused(() -> stub.readContainerLog(log).hasNext(), code, why);
    assertThat(h.status(running).getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
    assertThat(h.nm.containers().report(running).pid()).isPositive();
  }

  private void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Status.Code code,
      String why) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(running.toString()).contains(why);
    });
  }

  @Test
  void callsWithoutAToken_areUnauthenticated_andTheContainerKeepsRunning() {
    everyCallRefused(h.bareStub(), Status.Code.UNAUTHENTICATED, "carries no NM token");
  }

  @Test
  void aTokenOfAnotherApplication_isPermissionDenied_andTheContainerKeepsRunning() {
    Token other = rm.nmToken(OTHER_ATTEMPT, node(), inTenMinutes());
    everyCallRefused(h.stub(other), Status.Code.PERMISSION_DENIED, "the call's NM token is for application "
        + OTHER_ATTEMPT.applicationId());
  }

  @Test
  void aForgedToken_isUnauthenticated() {
    MasterKey forger = MasterKey.generate(rm.nmKey().keyId()); // the right id, another secret
    Token forged = FakeResourceManager.nmToken(forger, ATTEMPT, node(), inTenMinutes());
    everyCallRefused(h.stub(forged), Status.Code.UNAUTHENTICATED, "invalid signature");
  }

  @Test
  void anExpiredToken_isUnauthenticated() {
    Token expired = rm.nmToken(ATTEMPT, node(), System.currentTimeMillis() - 1);
    everyCallRefused(h.stub(expired), Status.Code.UNAUTHENTICATED, "expired at");
  }

  @Test
  void aTokenForAnotherNode_isUnauthenticated() {
    Token elsewhere = rm.nmToken(ATTEMPT, NodeId.parse("10.0.0.9:4545"), inTenMinutes());
    everyCallRefused(h.stub(elsewhere), Status.Code.UNAUTHENTICATED, "issued for node 10.0.0.9:4545");
  }

  @Test
  void theApplicationsOwnToken_stopsItsContainer() {
    var answer = h.stub().stopContainers(StopContainersRequest.newBuilder().addContainerIds(running.toString()).build());

    assertThat(answer.getSuccessfullyStoppedContainersList()).containsExactly(running.toString());
    h.awaitComplete(running);
  }

  @Test
  void afterAKeyRoll_theNewKeysTokensWork_theOldOnesUntilTheNextRoll_thenNot() {
    Token old = rm.nmToken(ATTEMPT, node(), inTenMinutes());
    rm.rollNmKey();
    Token next = rm.nmToken(ATTEMPT, node(), inTenMinutes());
    await("the NM takes the new key").atMost(WAIT).ignoreExceptions().until(() -> h.stub(next)
        .getContainerStatuses(GetContainerStatusesRequest.newBuilder().addContainerIds(running.toString()).build())
        .getStatusesCount() == 1);
    assertThat(h.stub(old).getContainerStatuses(GetContainerStatusesRequest.newBuilder()
        .addContainerIds(running.toString()).build()).getStatusesCount()).isEqualTo(1);

    rm.rollNmKey();
    Token latest = rm.nmToken(ATTEMPT, node(), inTenMinutes());
    await("the NM takes the second new key").atMost(WAIT).ignoreExceptions().until(() -> h.stub(latest)
        .getContainerStatuses(GetContainerStatusesRequest.newBuilder().addContainerIds(running.toString()).build())
        .getStatusesCount() == 1);

    everyCallRefused(h.stub(old), Status.Code.UNAUTHENTICATED, "does not know or no longer accepts");
  }
}
