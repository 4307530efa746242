package io.weft.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.testing.PublicJavadoc;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user's program links against (WeftContext, WeftConf, datasets) builds as javadoc with every reference resolved. */
class PublicApiJavadocTest {
  @Test
  void publicPackage_buildsAsJavadoc_withoutBrokenReferences(@TempDir Path out) {
    assertThat(PublicJavadoc.problems(out, List.of("io.weft.driver"))).isEmpty();
    assertThat(out.resolve("io/weft/driver/WeftConf.html")).exists();
  }
}
