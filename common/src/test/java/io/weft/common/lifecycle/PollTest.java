package io.weft.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {
  private static final Duration INTERVAL = Duration.ofMillis(5);

  @Test
  void returnsTheFirstValueTheCheckAnswers_afterCheckingAgainAndAgain() throws Exception {
    AtomicInteger checks = new AtomicInteger();

    Optional<Integer> answer = Poll.until(() -> checks.incrementAndGet() == 3 ? Optional.of(42) : Optional.empty(),
        INTERVAL, Duration.ofMinutes(1));

    assertThat(answer).contains(42);
    assertThat(checks).hasValue(3);
  }

  @Test
  void isEmptyWhenTheTimeoutPassesFirst() throws Exception {
    assertThat(Poll.until(Optional::empty, INTERVAL, Duration.ofMillis(50))).isEmpty();
  }

  @Test
  void aCheckThatThrows_endsTheWaitWithItsException() {
    assertThatThrownBy(() -> Poll.until(() -> {
      throw new IllegalStateException("the daemon exited");
    }, INTERVAL, null)).isInstanceOf(IllegalStateException.class).hasMessage("the daemon exited");
  }
}
