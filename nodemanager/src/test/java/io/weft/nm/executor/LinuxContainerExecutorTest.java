package io.weft.nm.executor;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.nm.NmConfig;
import io.weft.nm.NmKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What stops a NodeManager with container-executor=linux from starting, each named in its message. */
class LinuxContainerExecutorTest {
  @Test
  void aNodeManagerNotRunningAsRoot_refusesToStart_namingTheKeyAndItsUser() {
    assertThatThrownBy(() -> LinuxContainerExecutor.requireRoot(1000, "weft"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.nodemanager.container-executor=linux needs the NodeManager to run as root")
        .hasMessageContaining("it runs as user 'weft' (uid 1000)");
    assertThatCode(() -> LinuxContainerExecutor.requireRoot(0, "root")).doesNotThrowAnyException();
  }

  @Test
  void hostWithoutHardLinkProtection_isRefused(@TempDir Path dir) throws IOException {
    Path sysctl = Files.writeString(dir.resolve("protected_hardlinks"), "0\n");

    assertThatThrownBy(() -> LinuxContainerExecutor.requireProtectedHardlinks(sysctl))
        .isInstanceOf(ConfigException.class).hasMessageContaining("needs fs.protected_hardlinks=1 (" + sysctl + " is 0)");
    Files.writeString(sysctl, "1\n");
    assertThatCode(() -> LinuxContainerExecutor.requireProtectedHardlinks(sysctl)).doesNotThrowAnyException();
  }

  @Test
  void unknownExecutor_isRefusedNamingTheKeyAndTheValue() {
    WeftConfig config = WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:8032",
        NmKeys.CONTAINER_EXECUTOR.key(), "setuid"));

    assertThatThrownBy(() -> NmConfig.from(config.validate()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.nodemanager.container-executor=setuid is not valid: expected default");
  }

  @Test
  void userLists_areCommaSeparatedNames() {
    org.assertj.core.api.Assertions.assertThat(ContainerUserPolicy.names(" hdfs, yarn,,bin ")).containsExactlyInAnyOrder(
        "hdfs", "yarn", "bin");
  }
}
