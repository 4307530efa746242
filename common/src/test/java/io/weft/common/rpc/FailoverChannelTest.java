package io.weft.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.HostPort;
import io.weft.common.testing.LogCapture;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.proto.GetNewApplicationResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls over a {@link FailoverChannel} to real gRPC servers on real ports: an RM that answers, one
 * that answers as a standby does (UNAVAILABLE, naming the active), and dead addresses (a port nobody
 * listens on).
 */
class FailoverChannelTest {
  private final List<RpcServer> servers = new ArrayList<>();
  private final List<FailoverChannel> channels = new ArrayList<>();
  private final List<String> notices = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    channels.forEach(Channels::close);
    servers.forEach(RpcServer::close);
  }

  /** An RM that answers GetNewApplication with {@code answer} and counts the calls it got. */
  private HostPort server(AtomicInteger calls, Supplier<Status> failure) {
    RpcServer server = RpcServer.netty(new HostPort("127.0.0.1", 0), List.of(),
        new ApplicationClientServiceGrpc.ApplicationClientServiceImplBase() {
          @Override
          public void getNewApplication(GetNewApplicationRequest request,
              StreamObserver<GetNewApplicationResponse> answer) {
            calls.incrementAndGet();
            Status status = failure.get();
            if (status != null) {
              answer.onError(status.asRuntimeException());
              return;
            }
            answer.onNext(GetNewApplicationResponse.newBuilder().setApplicationId("application_1_0001").build());
            answer.onCompleted();
          }
        });
    server.start();
    servers.add(server);
    return server.address();
  }

  private HostPort active(AtomicInteger calls) {
    return server(calls, () -> null);
  }

  private static HostPort dead() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new HostPort("127.0.0.1", socket.getLocalPort());
    }
  }

  private RetryingCalls calls(List<HostPort> addresses, Duration maxWait) {
    FailoverChannel channel = Channels.forResourceManagers(addresses);
    channels.add(channel);
    return new RetryingCalls(channel, new RetryPolicy(Duration.ofMillis(100), maxWait),
        OutageReporter.forResourceManager(channel, notices::add));
  }

  private static String newApplication(RetryingCalls calls) {
    return calls.call("get a new application id", () -> ApplicationClientServiceGrpc.newBlockingStub(calls.channel())
        .withDeadlineAfter(5, TimeUnit.SECONDS).getNewApplication(GetNewApplicationRequest.getDefaultInstance())
        .getApplicationId());
  }

  private static FailoverChannel channel(RetryingCalls calls) {
    return (FailoverChannel) calls.channel();
  }

  @Test
  void deadThenActive_callsSucceedOnTheActive_failingOverOnce_andTellingTheOutageOnce() throws IOException {
    AtomicInteger served = new AtomicInteger();
    HostPort dead = dead();
    HostPort active = active(served);
    RetryingCalls calls = calls(List.of(dead, active), Duration.ofMinutes(1));
    try (LogCapture log = LogCapture.of(FailoverChannel.class)) {
      for (int i = 0; i < 3; i++) {
        assertThat(newApplication(calls)).isEqualTo("application_1_0001");
      }
      assertThat(served).hasValue(3);
      assertThat(channel(calls).current()).isEqualTo(active);
      assertThat(log.messages()).containsExactly("failing over from " + dead + " to " + active);
    }
    assertThat(notices).containsExactly(
        "lost the ResourceManager at " + dead + " (UNAVAILABLE: io exception); failing over along " + dead + ","
            + active + ", for up to 1 min",
        "reconnected to the ResourceManager at " + active + " (failed over from " + dead + ")");
  }

  @Test
  void standbyThenActive_theStandbysAnswerMovesTheCallOn() {
    AtomicInteger standbyCalls = new AtomicInteger();
    AtomicInteger activeCalls = new AtomicInteger();
    HostPort active = active(activeCalls);
    HostPort standby = server(standbyCalls, () -> Status.UNAVAILABLE.withDescription(
        "ResourceManager rm1 is standby; the active ResourceManager is rm2 at " + active));
    RetryingCalls calls = calls(List.of(standby, active), Duration.ofMinutes(1));

    assertThat(newApplication(calls)).isEqualTo("application_1_0001");
    assertThat(standbyCalls).hasValue(1);
    assertThat(activeCalls).hasValue(1);
    assertThat(notices).first().asString().contains("(UNAVAILABLE: ResourceManager rm1 is standby; the active "
        + "ResourceManager is rm2 at " + active + ")");
  }

  @Test
  void anAnswerFromTheRm_isThrownAtOnce_withoutFailingOver() {
    AtomicInteger refusing = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    HostPort first = server(refusing, () -> Status.PERMISSION_DENIED.withDescription("user nobody may not"));
    RetryingCalls calls = calls(List.of(first, active(other)), Duration.ofMinutes(1));
    try (LogCapture log = LogCapture.of(FailoverChannel.class)) {
      assertThatThrownBy(() -> newApplication(calls)).hasMessageContaining("user nobody may not");
      assertThat(log.messages()).isEmpty();
    }
    assertThat(refusing).hasValue(1);
    assertThat(other).hasValue(0);
    assertThat(channel(calls).current()).isEqualTo(first);
  }

  @Test
  void noRmReachable_givesUpAfterTheMaxWait_namingEveryRm_afterTryingThemInTurn() throws IOException {
    HostPort first = dead();
    HostPort second = dead();
    RetryingCalls calls = calls(List.of(first, second), Duration.ofMillis(500));
    try (LogCapture log = LogCapture.of(FailoverChannel.class)) {
      assertThatThrownBy(() -> newApplication(calls))
          .isInstanceOfSatisfying(WeftException.class,
              e -> assertThat(e.code()).isEqualTo(WeftException.Code.UNAVAILABLE))
          .hasMessageStartingWith("get a new application id: the ResourceManagers at " + first + "," + second
              + " could not be reached for ");
      // round-robin: each failover moves on from where the last one arrived
      assertThat(log.messages()).isNotEmpty().allSatisfy(line -> assertThat(line).isIn(
          "failing over from " + first + " to " + second, "failing over from " + second + " to " + first));
      for (int i = 1; i < log.messages().size(); i++) {
        assertThat(log.messages().get(i)).isNotEqualTo(log.messages().get(i - 1));
      }
    }
    assertThat(notices).hasSize(1); // one line for the outage, not one per address tried
  }

  @Test
  void oneAddress_isThatAddressesChannel_asWithoutHa() throws IOException {
    HostPort dead = dead();
    RetryingCalls calls = calls(List.of(dead), Duration.ofMillis(300));
    try (LogCapture log = LogCapture.of(FailoverChannel.class)) {
      assertThatThrownBy(() -> newApplication(calls))
          .hasMessageStartingWith("get a new application id: the ResourceManager at " + dead
              + " could not be reached for ");
      assertThat(log.messages()).isEmpty();
    }
    assertThat(channel(calls).current()).isEqualTo(dead);
    assertThat(notices).containsExactly("lost the ResourceManager at " + dead
        + " (UNAVAILABLE: io exception); retrying for up to 300 ms");

    AtomicInteger served = new AtomicInteger();
    assertThat(newApplication(calls(List.of(active(served)), Duration.ofMillis(300)))).isEqualTo("application_1_0001");
  }

  @Test
  void callersThatFailTogether_moveOneStep_notOneEach() {
    HostPort a = new HostPort("127.0.0.1", 1);
    HostPort b = new HostPort("127.0.0.1", 2);
    HostPort c = new HostPort("127.0.0.1", 3);
    FailoverChannel channel = Channels.forResourceManagers(List.of(a, b, c));
    channels.add(channel);

    channel.failoverFrom(a);
    channel.failoverFrom(a);
    assertThat(channel.current()).isEqualTo(b);
    channel.failover();
    assertThat(channel.current()).isEqualTo(c);
    channel.failover();
    assertThat(channel.current()).isEqualTo(a);
  }

  @Test
  void aRetryAfterAnAnswerStaysWithTheRm_afterADeadlineOrUnavailableItFailsOver() {
    HostPort a = new HostPort("127.0.0.1", 1);
    HostPort b = new HostPort("127.0.0.1", 2);
    FailoverChannel channel = Channels.forResourceManagers(List.of(a, b));
    channels.add(channel);

    RetryingCalls.readyForRetry(channel, a, WeftException.failedPrecondition("the RM said no"));
    assertThat(channel.current()).isEqualTo(a);
    // A frozen RM (SIGSTOP) keeps its connections open and answers nothing: only the deadline tells.
    RetryingCalls.readyForRetry(channel, a, Status.DEADLINE_EXCEEDED.asRuntimeException());
    assertThat(channel.current()).isEqualTo(b);
    RetryingCalls.readyForRetry(channel, b, WeftException.unavailable("ResourceManager rm2 is standby"));
    assertThat(channel.current()).isEqualTo(a);
  }
}
