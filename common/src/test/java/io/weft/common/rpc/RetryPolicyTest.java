package io.weft.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final RuntimeException UNREACHABLE =
      Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();

  @Test
  void pauses_growFromTheInitialStep_andStayWithinTheCap() {
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(400), Duration.ofDays(1));
    RetryPolicy.Attempts attempts = policy.start();
    List<Duration> pauses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      pauses.add(attempts.pauseAfter(UNREACHABLE, "allocate"));
    }
    assertThat(pauses).allSatisfy(p -> assertThat(p).isPositive().isLessThanOrEqualTo(Duration.ofMillis(400)));
    assertThat(pauses.get(0)).isLessThanOrEqualTo(RetryPolicy.INITIAL);
    // each pause is at least half its step, and the step doubles up to the cap
    assertThat(pauses.subList(4, 20)).allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(Duration.ofMillis(200)));
    assertThat(attempts.failures()).isEqualTo(20);
  }

  @Test
  void pauses_stayWithinACapBelowTheInitialStep() {
    RetryPolicy.Attempts attempts = new RetryPolicy(Duration.ofMillis(10), Duration.ofDays(1)).start();
    for (int i = 0; i < 5; i++) {
      assertThat(attempts.pauseAfter(UNREACHABLE, "allocate")).isLessThanOrEqualTo(Duration.ofMillis(10));
    }
  }

  @Test
  void nonRetryableErrors_areRethrownAtOnce() {
    AtomicInteger tries = new AtomicInteger();
    WeftException refused = WeftException.notFound("unknown attempt appattempt_1_0001_000001");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(10), Duration.ofMinutes(1)).call("allocate", () -> {
      tries.incrementAndGet();
      throw refused;
    }, () -> {})).isSameAs(refused);
    assertThat(tries).hasValue(1);
  }

  @Test
  void call_retriesUntilTheCallGetsThrough_resettingTheBackoffBeforeEachRetry() {
    AtomicInteger tries = new AtomicInteger();
    AtomicInteger resets = new AtomicInteger();
    List<String> lines = new ArrayList<>();
    String answer = new RetryPolicy(Duration.ofMillis(5), Duration.ofMinutes(1)).call("register", () -> {
      if (tries.incrementAndGet() < 4) {
        throw UNREACHABLE;
      }
      return "registered";
    }, resets::incrementAndGet, OutageReporter.forResourceManager("127.0.0.1:8032", lines::add));
    assertThat(answer).isEqualTo("registered");
    assertThat(resets).hasValue(3);
    assertThat(lines).containsExactly(
        "lost the ResourceManager at 127.0.0.1:8032 (UNAVAILABLE: io exception); retrying for up to 1 min",
        "reconnected to the ResourceManager at 127.0.0.1:8032");
  }

  @Test
  void maxWait_endsWithUnavailable_namingWhatWasTriedWhereAndForHowLong() {
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100));
    assertThatThrownBy(() -> policy.call("allocate for appattempt_1_0001_000001", () -> {
      throw UNREACHABLE;
    }, () -> {}, OutageReporter.forResourceManager("127.0.0.1:8032", line -> {})))
        .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.code()).isEqualTo(WeftException.Code.UNAVAILABLE))
        .hasMessageStartingWith("allocate for appattempt_1_0001_000001: the ResourceManager at 127.0.0.1:8032 "
            + "could not be reached for ")
        .hasMessageContaining("weft.resourcemanager.connect.max-wait-ms is 100")
        .hasMessageEndingWith("io exception");
  }

  @Test
  void maxWaitZero_triesOnce() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(5), Duration.ZERO).call("submit", () -> {
      tries.incrementAndGet();
      throw UNREACHABLE;
    }, () -> {})).isInstanceOf(WeftException.class).hasMessageContaining("could not be reached");
    assertThat(tries).hasValue(1);
  }

  @Test
  void outage_isReportedOncePerOutage_notOncePerFailure() {
    List<String> lines = new ArrayList<>();
    OutageReporter outage = OutageReporter.forResourceManager("127.0.0.1:8032", lines::add);
    outage.found();
    outage.lost(UNREACHABLE, Duration.ofMinutes(15));
    outage.lost(UNREACHABLE, Duration.ofMinutes(15));
    outage.found();
    outage.found();
    assertThat(lines).containsExactly(
        "lost the ResourceManager at 127.0.0.1:8032 (UNAVAILABLE: io exception); retrying for up to 15 min",
        "reconnected to the ResourceManager at 127.0.0.1:8032");
  }
}
