package io.weft.jobserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.rpc.WeftException;
import io.weft.common.security.Authentication;
import io.weft.common.web.WebRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallersTest {
  private static WebRequest as(String user) {
    return new WebRequest("GET", "/jobs/job-1", Map.of(), user == null ? Map.of()
        : Map.of("user.name", List.of(user)), new byte[0]);
  }

  private static JobRecord jobOf(String user) {
    return new JobRecord("job-1", new JobRequest("demo.Answer", List.of(), false, Optional.empty(), user), 10,
        Instant.EPOCH);
  }

  @Test
  void simpleAuthentication_takesUserNameFromTheQuery_elseDrWho() {
    Callers callers = new Callers(Authentication.SIMPLE, false, "", "owner");

    assertThat(callers.user(as("alice"))).isEqualTo("alice");
    assertThat(callers.user(as(null))).isEqualTo("dr.who");
  }

  @Test
  void aclsOff_everyoneSeesEveryJob() {
    Callers callers = new Callers(Authentication.SIMPLE, false, "", "owner");

    assertThat(callers.mayAccess("bob", "alice")).isTrue();
  }

  @Test
  void aclsOn_onlyTheJobsOwnerTheServersOwnerAndAdminsSeeIt() {
    Callers callers = new Callers(Authentication.SIMPLE, true, "carol, dave", "owner");

    assertThat(callers.mayAccess("alice", "alice")).isTrue();
    assertThat(callers.mayAccess("owner", "alice")).isTrue();
    assertThat(callers.mayAccess("dave", "alice")).isTrue();
    assertThat(callers.mayAccess("bob", "alice")).isFalse();
    assertThatThrownBy(() -> callers.requireAccess("bob", jobOf("alice"))).isInstanceOf(WeftException.class)
        .hasMessageContaining("user bob may not see or cancel job-1: only its owner (alice)");
  }

  @Test
  void tlsAuthentication_withoutACertificate_isUnauthenticated() {
    Callers callers = new Callers(Authentication.TLS, false, "", "owner");

    assertThatThrownBy(() -> callers.user(as("alice"))).isInstanceOf(WeftException.class)
        .hasMessageContaining("no client certificate was presented");
  }
}
