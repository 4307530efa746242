package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.weft.am.client.AmRmClient;
import io.weft.am.client.AmRmClientAsync;
import io.weft.am.client.Container;
import io.weft.am.client.ContainerRequest;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.RetryPolicy;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AllocateResponse;
import io.weft.proto.AmRmTokenIdentifier;
import io.weft.proto.Token;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Allocate answer lost on its way to the AM (the RM granted containers, the AM saw its deadline
 * pass) leaks nothing: the AM's retry carries the same response id, the RM answers it with the same
 * containers, and the AM gets exactly those.
 */
class LostAllocateAnswerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ContainerRequest SMALL = ContainerRequest.anywhere(Resource.of(1024, 1), 1);

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  String appId;
  Token token;
  ApplicationAttemptId attempt;
  final DropFirstGrant dropper = new DropFirstGrant();

  @BeforeEach
  void startApplication() throws Exception {
    h = new RmHarness(grpc, staging, Map.of(RmKeys.ALLOCATE_MAX_WAIT.key(), "10000"));
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    appId = h.submit(1024);
    token = RmHarness.amrmToken(h.awaitStart(n1, 1));
    attempt = ApplicationAttemptId.parse(
        AmRmTokenIdentifier.parseFrom(token.getIdentifier()).getApplicationAttemptId());
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private AmRmClient client() {
    return AmRmClient.create(ClientInterceptors.intercept(h.channel, dropper), token.toByteArray(), attempt, TIMEOUT,
        new RetryPolicy(Duration.ofMillis(50), Duration.ofMinutes(1)));
  }

  @Test
  void syncClient_getsTheContainersOfTheAnswerItLost_andNoMore() {
    try (AmRmClient client = client()) {
      client.registerApplicationMaster("n1", 0, "");
      client.addContainerRequest(SMALL);
      client.addContainerRequest(SMALL);
      List<Container> granted = new ArrayList<>();
      for (int i = 0; i < 10 && granted.size() < 2; i++) {
        granted.addAll(client.allocate(0.1f, Duration.ofSeconds(5)).allocatedContainers());
      }
      assertThat(dropper.dropped).as("an answer with containers was lost on the way").hasSize(2);
      assertThat(granted).extracting(c -> c.id().toString()).containsExactlyInAnyOrderElementsOf(dropper.dropped);
      assertThat(client.allocate(0.1f, Duration.ZERO).allocatedContainers()).as("granted later").isEmpty();
      assertThat(h.report(appId).getUsage().getNumUsedContainers()).as("the AM's and the two it holds").isEqualTo(3);
    }
  }

  @Test
  void asyncClient_getsTheContainersOfTheAnswerItLost_once() {
    AmRmClientTest.Recorder recorder = new AmRmClientTest.Recorder();
    try (AmRmClientAsync async = AmRmClientAsync.create(client(), Duration.ofSeconds(5), recorder)) {
      async.registerApplicationMaster("n1", 0, "");
      async.addContainerRequests(List.of(SMALL, SMALL));
      await().atMost(Duration.ofSeconds(20)).until(() -> recorder.allocated.size() >= 2);
      assertThat(dropper.dropped).as("an answer with containers was lost on the way").hasSize(2);
      assertThat(recorder.allocated).extracting(c -> c.id().toString())
          .containsExactlyInAnyOrderElementsOf(dropper.dropped);
      assertThat(recorder.errors).isEmpty();
      assertThat(h.report(appId).getUsage().getNumUsedContainers()).isEqualTo(3);
    }
  }

  /** Loses the first Allocate answer that grants containers: the AM sees its deadline pass instead. */
  static final class DropFirstGrant implements ClientInterceptor {
    final List<String> dropped = new CopyOnWriteArrayList<>();
    private final AtomicBoolean done = new AtomicBoolean();

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
            private boolean lost;

            @Override
            public void onMessage(A message) {
              if (message instanceof AllocateResponse answer && answer.getAllocatedContainersCount() > 0
                  && done.compareAndSet(false, true)) {
                answer.getAllocatedContainersList().forEach(c -> dropped.add(c.getId()));
                lost = true;
                return;
              }
              super.onMessage(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              super.onClose(lost ? Status.DEADLINE_EXCEEDED.withDescription("answer lost by the test") : status,
                  lost ? new Metadata() : trailers);
            }
          }, headers);
        }
      };
    }
  }
}
