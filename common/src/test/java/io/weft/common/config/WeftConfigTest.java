package io.weft.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeftConfigTest {
  static final ConfigKey<Integer> PORT = ConfigKey.integer("test.port", 8032, 0, 65535, "a port");
  static final ConfigKey<Duration> INTERVAL = ConfigKey.millis("test.interval-ms", 1000, 1, "an interval");
  static final ConfigKey<Long> MEMORY = ConfigKey.memoryMb("test.memory", "1g", 1, "a memory size");
  static final ConfigKey<String> NEEDED = ConfigKey.required("test.needed", "something required");
  static final ConfigKey<Integer> RENAMED = ConfigKey.integer("test.new-name", 1, 0, 10, "a renamed key")
      .renamedFrom("test.old-name");

  @Test
  void defaults_applyWhenUnset() {
    WeftConfig config = WeftConfig.empty();
    assertThat(config.get(PORT)).isEqualTo(8032);
    assertThat(config.get(INTERVAL)).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.get(MEMORY)).isEqualTo(1024);
  }

  @Test
  void overrides_winOverFileValues(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("weft-site.properties");
    Files.writeString(file, "test.port=9000\ntest.memory=512m\n");
    WeftConfig config = WeftConfig.load(file).with(Map.of("test.port", "9001"));
    assertThat(config.get(PORT)).isEqualTo(9001);
    assertThat(config.get(MEMORY)).isEqualTo(512);
  }

  @Test
  void badValues_nameKeyValueAndRule() {
    assertThatThrownBy(() -> WeftConfig.of(Map.of("test.port", "70000")).get(PORT))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration test.port=70000 is out of range: must be between 0 and 65535");
    assertThatThrownBy(() -> WeftConfig.of(Map.of("test.port", "abc")).get(PORT))
        .hasMessage("configuration test.port=abc is not a valid int");
    assertThatThrownBy(() -> WeftConfig.of(Map.of("test.memory", "lots")).validate())
        .hasMessageContaining("'lots' is not a memory size");
    assertThatThrownBy(() -> WeftConfig.empty().get(NEEDED)).hasMessageContaining("test.needed is required");
  }

  @Test
  void memorySizes_followSparkSubmit() {
    assertThat(MemorySize.parseMb("2g", "x")).isEqualTo(2048);
    assertThat(MemorySize.parseMb("2048", "x")).isEqualTo(2048);
    assertThat(MemorySize.parseMb("1048576k", "x")).isEqualTo(1024);
    assertThatThrownBy(() -> MemorySize.parseMb("-1g", "--executor-memory"))
        .hasMessageContaining("--executor-memory '-1g' must not be negative");
  }

  @Test
  void renamedKey_setUnderItsOldName_failsValidationNamingBoth(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("weft-site.properties");
    Files.writeString(file, "test.old-name=3\n");

    assertThatThrownBy(() -> WeftConfig.load(file).validate()).isInstanceOf(ConfigException.class)
        .hasMessage("configuration key test.old-name was renamed to test.new-name");
    assertThatThrownBy(() -> WeftConfig.of(Map.of("test.old-name", "3")).validate())
        .hasMessage("configuration key test.old-name was renamed to test.new-name");
    assertThat(WeftConfig.of(Map.of("test.new-name", "3")).validate().get(RENAMED)).isEqualTo(3);
    assertThat(ConfigRegistry.renamed()).containsEntry("test.old-name", RENAMED);
  }

  @Test
  void registry_listsDeclaredKeys() {
    assertThat(ConfigRegistry.find("test.port")).containsSame(PORT);
  }
}
