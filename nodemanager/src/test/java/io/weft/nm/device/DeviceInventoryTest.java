package io.weft.nm.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.resource.ResourceTypes;
import io.weft.nm.NmKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceInventoryTest {
  private static final ResourceTypes GPU = ResourceTypes.parse("gpu", "weft.resource-types");

  static {
    NmKeys.MEMORY_MB.key(); // registers the NodeManager's declared keys
  }

  private static Path script(Path dir, String body) throws IOException {
    Path script = dir.resolve("discover.sh");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void aCount_givesDevicesZeroToCountMinusOne() {
    DeviceInventory inventory = DeviceInventory.from(WeftConfig.of(Map.of("weft.nodemanager.resource.gpu", "3")), GPU);
    assertThat(inventory.byType()).isEqualTo(Map.of("gpu", List.of("0", "1", "2")));
    assertThat(inventory.counts()).isEqualTo(Map.of("gpu", 3L));
  }

  @Test
  void aDiscoveryScript_mayPrintOnePerLineOrCommaSeparated(@TempDir Path dir) throws IOException {
    Path script = script(dir, "echo '0, 2'\necho 5");
    DeviceInventory inventory = DeviceInventory.from(
        WeftConfig.of(Map.of("weft.nodemanager.resource.gpu.discovery-script", script.toString())), GPU);
    assertThat(inventory.byType()).isEqualTo(Map.of("gpu", List.of("0", "2", "5")));
  }

  @Test
  void noCountAndNoScript_advertisesNone() {
    assertThat(DeviceInventory.from(WeftConfig.empty(), GPU).counts()).isEmpty();
  }

  @Test
  void badSettings_failNamingTheKeyAndTheValue(@TempDir Path dir) throws IOException {
    Path failing = script(dir, "exit 3");
    record Case(Map<String, String> settings, String message) {}
    for (Case c : List.of(
        new Case(Map.of("weft.nodemanager.resource.fpga", "1"), "advertises resource type 'fpga', which is not one "
            + "of the cluster's resource types [gpu] (weft.resource-types)"),
        new Case(Map.of("weft.nodemanager.resource.gpu", "two"), "weft.nodemanager.resource.gpu=two is not a count"),
        new Case(Map.of("weft.nodemanager.resource.gpu", "1", "weft.nodemanager.resource.gpu.discovery-script",
            failing.toString()), "both set"),
        new Case(Map.of("weft.nodemanager.resource.gpu.discovery-script", failing.toString()), "exited with 3"),
        new Case(Map.of("weft.nodemanager.resource.gpu.discovery-script", dir.resolve("missing").toString()),
            "could not run"))) {
      assertThatThrownBy(() -> DeviceInventory.from(WeftConfig.of(c.settings()), GPU)).as("%s", c)
          .isInstanceOf(ConfigException.class).hasMessageContaining(c.message());
    }
  }

  @Test
  void scriptOutput_thatIsNotADeviceIndex_isRefused() {
    assertThatThrownBy(() -> DeviceInventory.parse("0\nGPU 1: Tesla", "k")).hasMessageContaining("'GPU 1: Tesla'");
    assertThatThrownBy(() -> DeviceInventory.parse("0\n0", "k")).hasMessageContaining("device '0' twice");
  }
}
