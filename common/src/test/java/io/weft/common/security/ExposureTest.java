package io.weft.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.HostPort;
import io.weft.common.testing.LogCapture;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;

class ExposureTest {
  private static final Logger LOG = LogManager.getLogger(ExposureTest.class);
  private static final HostPort EVERYWHERE = new HostPort("0.0.0.0", 8088);

  private static List<String> warnings(HostPort address, Authentication authentication, boolean tls) {
    try (LogCapture capture = LogCapture.of(ExposureTest.class)) {
      Exposure.warnIfOpen(LOG, "test server", address, authentication, tls);
      return capture.messages();
    }
  }

  @Test
  void tokensWithoutTls_beyondLoopback_areWarnedOf_withTheKeyToSet() {
    assertThat(warnings(EVERYWHERE, Authentication.TOKEN, false)).singleElement().asString()
        .contains("test server", "0.0.0.0:8088", "WITHOUT TLS", "in clear", "weft.security.tls.enabled=true");
    assertThat(warnings(EVERYWHERE, Authentication.TOKEN, true)).isEmpty();
    assertThat(warnings(new HostPort("127.0.0.1", 8088), Authentication.TOKEN, false)).isEmpty();
  }

  @Test
  void noAuthenticationBeyondLoopback_isWarnedOf_evenWithTls() {
    assertThat(warnings(EVERYWHERE, Authentication.SIMPLE, true)).singleElement().asString()
        .contains("WITHOUT AUTHENTICATION", "weft.security.authentication=tls or token");
    assertThat(warnings(EVERYWHERE, Authentication.TLS, true)).isEmpty();
  }
}
