package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.am.client.AllocateResponse;
import io.weft.am.client.AmRmClient;
import io.weft.am.client.AmRmClientAsync;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.rpc.WeftException;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AmRmTokenIdentifier;
import io.weft.proto.KillApplicationRequest;
import io.weft.proto.Token;
import io.weft.proto.YarnApplicationState;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The RM's orders and refusals as the AM clients (sync and async) take them, against the real RM. */
class AmRmOrdersTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  String appId;
  AmRmClient client;

  /** A registered AM of a running application, on an RM that keeps {@code retained} ended applications. */
  private void start(int retained) throws Exception {
    h = new RmHarness(grpc, staging, Map.of(RmKeys.MAX_COMPLETED_APPLICATIONS.key(), Integer.toString(retained)));
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    appId = h.submit(1024);
    Token token = RmHarness.amrmToken(h.awaitStart(n1, 1));
    ApplicationAttemptId attempt = ApplicationAttemptId.parse(
        AmRmTokenIdentifier.parseFrom(token.getIdentifier()).getApplicationAttemptId());
    client = AmRmClient.create(h.channel, token.toByteArray(), attempt, TIMEOUT);
    client.registerApplicationMaster("n1", 0, "");
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (h != null) {
      h.close();
    }
  }

  private void kill() {
    h.client().killApplication(KillApplicationRequest.newBuilder().setApplicationId(appId).build());
  }

  @Test
  void shutdownOrder_isHandedOnOnce_andEveryLaterCallIsRefusedSayingSo() throws Exception {
    start(10);
    kill();
    h.awaitState(appId, YarnApplicationState.KILLED);
    assertThat(client.allocate(0f, Duration.ZERO).command()).isEqualTo(AllocateResponse.Command.SHUTDOWN);
    assertThatThrownBy(() -> client.allocate(0f, Duration.ZERO)).isInstanceOfSatisfying(WeftException.class, e -> {
      assertThat(e.code()).isEqualTo(WeftException.Code.FAILED_PRECONDITION);
      assertThat(e.getMessage()).contains("ordered").contains("to shut down");
    });
  }

  @Test
  void attemptTheRmNoLongerKnows_endsTheClientWithNotFoundSayingWhy() throws Exception {
    start(0); // the killed application is forgotten at once
    kill();
    await().atMost(TIMEOUT).until(() -> h.client().getApplications(io.weft.proto.GetApplicationsRequest
        .getDefaultInstance()).getApplicationsList().isEmpty());
    assertThatThrownBy(() -> client.allocate(0f, Duration.ZERO)).isInstanceOfSatisfying(WeftException.class, e -> {
      assertThat(e.code()).isEqualTo(WeftException.Code.NOT_FOUND);
      assertThat(e.getMessage()).contains("does not know attempt").contains("its ApplicationMaster stops");
    });
  }

  @Test
  void asyncClient_attemptTheRmNoLongerKnows_reportsOneErrorSayingWhy() throws Exception {
    start(0);
    AmRmClientTest.Recorder recorder = new AmRmClientTest.Recorder();
    try (AmRmClientAsync async = AmRmClientAsync.create(client, Duration.ofMillis(200), recorder)) {
      async.registerApplicationMaster("n1", 0, "");
      kill();
      await().atMost(TIMEOUT).until(() -> !recorder.errors.isEmpty() || recorder.shutdown);
      // Killed, then forgotten: the heartbeat hears SHUTDOWN or, if the RM forgot first, NOT_FOUND; never both.
      if (!recorder.errors.isEmpty()) {
        assertThat(recorder.errors).singleElement().satisfies(e -> assertThat(e.getMessage())
            .contains("does not know attempt"));
      }
      assertThat(recorder.errors.size() + (recorder.shutdown ? 1 : 0)).as("callbacks that ended the heartbeat")
          .isEqualTo(1);
    }
  }
}
