package io.weft.common.launch.warm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS warm-up really talks TLS both ways a container does, and leaves none of its throwaway files behind. */
class TlsWarmUpTest {
  @TempDir Path temporaryRoot;

  @Test
  void everyCallIsAnswered_overTheClusterCasTlsAndTheApplicationsOwn_andItsCertificatesAreGone() {
    assertThat(TlsWarmUp.run(temporaryRoot)).isEqualTo(2 * 3 * RpcWarmUp.CALLS);
    assertThat(temporaryRoot).isEmptyDirectory();
  }
}
