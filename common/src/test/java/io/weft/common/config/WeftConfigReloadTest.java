package io.weft.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration read from a file can be read again: the file's new values, under the same overrides. */
class WeftConfigReloadTest {
  @Test
  void reloaded_readsTheFileAgain_andKeepsTheOverrides(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(WeftConfig.SITE_FILE);
    Files.writeString(file, "a=1\nb=1\nc=1\n");
    WeftConfig config = WeftConfig.load(file).with(java.util.Map.of("b", "override", "d", "added"));
    Files.writeString(file, "a=2\nb=2\n");

    WeftConfig again = config.reloaded();

    assertThat(again.asMap()).containsOnly(java.util.Map.entry("a", "2"), java.util.Map.entry("b", "override"),
        java.util.Map.entry("d", "added"));
    assertThat(again.siteFile()).contains(file);
    assertThat(WeftConfig.empty().with(java.util.Map.of("x", "1")).reloaded().siteFile()).isEmpty();
  }
}
