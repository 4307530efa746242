package io.weft.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.testing.PublicJavadoc;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's public API (WeftClient and its records) builds as javadoc with every reference resolved. */
class PublicApiJavadocTest {
  @Test
  void publicPackages_buildAsJavadoc_withoutBrokenReferences(@TempDir Path out) {
    assertThat(PublicJavadoc.problems(out, List.of("io.weft.client", "io.weft.client.records",
        "io.weft.client.admin"))).isEmpty();
    assertThat(out.resolve("io/weft/client/records/ApplicationReport.html")).exists();
  }
}
