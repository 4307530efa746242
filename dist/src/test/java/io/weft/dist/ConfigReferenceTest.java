package io.weft.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {
  @Test
  void committedReference_matchesTheRegistry() throws Exception {
    Path committed = Path.of("..", "docs", "configuration.md");
    assertThat(Files.readString(committed))
        .as("docs/configuration.md is stale: run io.weft.dist.ConfigReference from the repo root")
        .isEqualTo(ConfigReference.render());
  }
}
