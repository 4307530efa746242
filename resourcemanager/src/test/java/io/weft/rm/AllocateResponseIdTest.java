package io.weft.rm;

import static io.weft.rm.ApplicationMasterServiceTest.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.Container;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.Token;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Allocate is idempotent by response id, as in YARN: a repeat gets the same answer, a stale id is refused. */
class AllocateResponseIdTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  Token token;

  @BeforeEach
  void startAppWithRegisteredAm() {
    h = new RmHarness(grpc, staging, Map.of(RmKeys.ALLOCATE_MAX_WAIT.key(), "60000"));
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    h.submit(1024);
    token = RmHarness.amrmToken(h.awaitStart(n1, 1));
    h.am(token).registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder().setHost("n1").build());
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void repeatedAllocate_getsTheIdenticalAnswer_andNothingInItIsAppliedTwice() {
    AllocateRequest first = AllocateRequest.newBuilder().setResponseId(0).addAsks(ask(1024, 2)).build();
    AllocateResponse answer = h.am(token).allocate(first);
    assertThat(answer.getResponseId()).isEqualTo(1);
    assertThat(answer.getAllocatedContainersCount()).isEqualTo(2);

    // The AM never received that answer and sends the same call again.
    AllocateResponse repeated = h.am(token).allocate(first);
    assertThat(withoutTokens(repeated)).isEqualTo(withoutTokens(answer));

    // Had the repeat's ask (2 in all) been applied again, two more containers would come now.
    AllocateResponse next = h.am(token).allocate(AllocateRequest.newBuilder().setResponseId(1).build());
    assertThat(next.getResponseId()).isEqualTo(2);
    assertThat(next.getAllocatedContainersList()).as("containers granted after the repeat").isEmpty();
  }

  @Test
  void outOfOrderResponseId_isRefused_namingBothIds() {
    h.am(token).allocate(AllocateRequest.newBuilder().setResponseId(0).build());
    assertThatThrownBy(() -> h.am(token).allocate(AllocateRequest.newBuilder().setResponseId(5).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          assertThat(e.getStatus().getDescription()).contains("Invalid responseId")
              .contains("expected responseId 1").contains("got 5");
        });
  }

  @Test
  void repeatOfALongPollStillWaiting_getsTheSameAnswer_andALaterGrantIsNotLost() throws Exception {
    AllocateResponse first = h.am(token).allocate(AllocateRequest.newBuilder().addAsks(ask(8192, 1)).build());
    assertThat(first.getAllocatedContainersCount()).isZero();
    AllocateRequest poll = AllocateRequest.newBuilder().setResponseId(first.getResponseId()).setMaxWaitMs(60_000)
        .build();
    var waiting = h.amAsync(token).allocate(poll);
    assertThat(waiting.isDone()).isFalse();

    // The AM gave up on the poll (a timeout) and repeats it without waiting: the same answer, built now.
    AllocateResponse repeated = h.am(token).allocate(poll.toBuilder().setMaxWaitMs(0).build());
    assertThat(repeated.getResponseId()).isEqualTo(first.getResponseId() + 1);
    await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
    assertThat(withoutTokens(waiting.get(1, TimeUnit.SECONDS))).isEqualTo(withoutTokens(repeated));

    h.registerNode("n2", 2, 8192, 8);
    AllocateResponse granted = h.am(token).allocate(AllocateRequest.newBuilder()
        .setResponseId(repeated.getResponseId()).setMaxWaitMs(60_000).build());
    assertThat(granted.getAllocatedContainersList()).extracting(Container::getNodeId).containsExactly("n2:2");
  }

  /** Container tokens are signed anew each time an answer is sent (a fresh expiry); the rest must match. */
  private static AllocateResponse withoutTokens(AllocateResponse response) {
    AllocateResponse.Builder copy = response.toBuilder();
    copy.getAllocatedContainersBuilderList().forEach(Container.Builder::clearContainerToken);
    return copy.build();
  }
}
