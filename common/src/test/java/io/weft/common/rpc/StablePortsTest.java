package io.weft.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StablePortsTest {
  /**
   * The kernel's range as {@code cat} reads it (one large read): a port below it cannot be handed to an outgoing
   * connection between the probe and the server's bind.
   */
  @Test
  void freePorts_lieInTheTwentyThousandPortsBelowTheKernelsEphemeralRange() throws Exception {
    Process cat = new ProcessBuilder("cat", "/proc/sys/net/ipv4/ip_local_port_range").start();
    String range = new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    assertThat(cat.waitFor()).isZero();
    int start = Math.max(2048, Integer.parseInt(range.split("\\s+")[0]));

    assertThat(StablePorts.ephemeralRangeStart()).isEqualTo(start);
    assertThat(StablePorts.free("127.0.0.1", 20))
        .allSatisfy(port -> assertThat(port).isBetween(Math.max(1024, start - 20_000), start - 1));
  }

  /** Callers bind later: one process is never given a port twice, however close together its calls. */
  @Test
  void oneProcess_isNeverGivenTheSamePortTwice() {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ports.add(StablePorts.free());
    }
    assertThat(ports).doesNotHaveDuplicates();
  }
}
