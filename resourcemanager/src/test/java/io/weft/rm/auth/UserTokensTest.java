package io.weft.rm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.rpc.WeftException;
import io.weft.common.testing.MutableClock;
import io.weft.rm.store.InMemoryStateStore;
import io.weft.rm.store.UserTokenRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserTokensTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final InMemoryStateStore store = new InMemoryStateStore();
  final UserTokens tokens = new UserTokens(store, clock);

  private static void assertUnauthenticated(Runnable call, String... mentions) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(WeftException.class, e -> {
      assertThat(e.code()).isEqualTo(WeftException.Code.UNAUTHENTICATED);
      assertThat(e.getMessage()).contains(mentions);
    });
  }

  @Test
  void anIssuedToken_provesItsUser_andTheStoreKeepsOnlyAHashOfTheSecret() {
    IssuedToken issued = tokens.issue("alice", Optional.empty(), "admin");
    assertThat(tokens.verify(issued.bearer())).isEqualTo("alice");
    String secret = issued.bearer().split("\\.")[2];
    UserTokenRecord stored = store.loadUserTokens().get(0);
    assertThat(new String(stored.encode(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(secret);
    assertThat(issued.toString()).doesNotContain(secret);
  }

  @Test
  void anExpiredToken_isRefused_namingTheExpiry() {
    IssuedToken issued = tokens.issue("alice", Optional.of(Duration.ofHours(1)), "admin");
    clock.advance(Duration.ofMinutes(59));
    assertThat(tokens.verify(issued.bearer())).isEqualTo("alice");
    clock.advance(Duration.ofMinutes(1));
    assertUnauthenticated(() -> tokens.verify(issued.bearer()), issued.record().id(), "expired");
  }

  @Test
  void aWrongSecret_anUnknownId_andGarbage_areRefused_withoutEchoingTheSecret() {
    IssuedToken issued = tokens.issue("alice", Optional.empty(), "admin");
    String id = issued.record().id();
    assertUnauthenticated(() -> tokens.verify("weft1." + id + ".guessed-secret"), id, "unknown");
    assertUnauthenticated(() -> tokens.verify("weft1.0000000000000000.x"), "unknown");
    assertThatThrownBy(() -> tokens.verify("hunter2")).hasMessageContaining("malformed")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void badUserNames_andLifetimes_areRefusedNamingThem() {
    assertThatThrownBy(() -> tokens.issue("al ice", Optional.empty(), "admin")).hasMessageContaining("'al ice'");
    assertThatThrownBy(() -> tokens.issue("alice", Optional.of(Duration.ZERO), "admin"))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> tokens.revoke("0000000000000000", "admin")).isInstanceOfSatisfying(
        WeftException.class, e -> assertThat(e.code()).isEqualTo(WeftException.Code.NOT_FOUND));
  }
}
