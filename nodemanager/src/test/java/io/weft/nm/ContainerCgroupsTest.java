package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.nm.cgroups.CgroupsUnavailableException;
import io.weft.nm.container.ContainerState;
import io.weft.nm.testing.FakeResourceManager;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers in their own cgroups on a real NodeManager: the kernel enforces the memory limit and
 * the NM reports -104; a host without usable cgroups stops the NM at start with what is missing.
 * The kernel tests need root and the memory and cpu controllers (v1 at /sys/fs/cgroup/{memory,cpu},
 * or v2 at /sys/fs/cgroup); elsewhere they are skipped with the reason.
 */
class ContainerCgroupsTest {
  private static final Path MOUNT = Path.of("/sys/fs/cgroup");
  private static final boolean V2 = Files.exists(MOUNT.resolve("cgroup.controllers"));
  private static final long MB = 1024 * 1024;

  @TempDir Path dir;
  private final String hierarchy = "weft-test-" + UUID.randomUUID().toString().substring(0, 8);
  private FakeResourceManager rm;
  private NmHarness h;

  @BeforeEach
  void startRm() {
    rm = new FakeResourceManager();
    rm.start();
  }

  @AfterEach
  void tearDown() throws IOException {
    if (h != null) {
      h.close();
    }
    rm.close();
    for (Path root : hierarchyRoots()) {
      await("containers' cgroups removed from " + root).atMost(Duration.ofSeconds(10))
          .until(() -> !Files.isDirectory(root) || subdirs(root).isEmpty());
      Files.deleteIfExists(root);
    }
  }

  @Test
  void cgroupsEnabled_onAHostWithoutThem_failsToStartNamingWhatIsMissing(@TempDir Path emptyMount) {
    Map<String, String> conf = Map.of(NmKeys.CGROUPS_ENABLED.key(), "true",
        NmKeys.CGROUPS_MOUNT_PATH.key(), emptyMount.toString());

    assertThatThrownBy(() -> new NmHarness(dir, rm, conf))
        .isInstanceOf(CgroupsUnavailableException.class)
        .hasMessageContaining("weft.nodemanager.resource.cgroups.enabled=true")
        .hasMessageContaining("no " + emptyMount.resolve("cgroup.controllers"))
        .hasMessageContaining("cgroup v1 memory controller (no " + emptyMount.resolve("memory/memory.limit_in_bytes"));
    assertThat(rm.registrations).as("a node that cannot limit its containers never joins").isEmpty();
  }

  @Test
  void cgroupV2WithoutTheMemoryController_failsToStartNamingIt(@TempDir Path mount) throws IOException {
    Files.writeString(mount.resolve("cgroup.controllers"), "cpu io pids\n");
    Map<String, String> conf = Map.of(NmKeys.CGROUPS_ENABLED.key(), "true",
        NmKeys.CGROUPS_MOUNT_PATH.key(), mount.toString());

    assertThatThrownBy(() -> new NmHarness(dir, rm, conf))
        .isInstanceOf(CgroupsUnavailableException.class)
        .hasMessageContaining("cgroup v2 at " + mount + " does not offer the memory controller");
  }

  @Test
  void hierarchyOutsideTheMount_isRefusedNamingTheKeyAndValue() {
    WeftConfig config = WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), rm.address().toString(),
        NmKeys.CGROUPS_ENABLED.key(), "true", NmKeys.CGROUPS_HIERARCHY.key(), "../escape"));

    assertThatThrownBy(() -> NmConfig.from(config.validate()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.nodemanager.linux-container-executor.cgroups.hierarchy=../escape is not valid");
  }

  @Test
  void containerOverItsMemory_isKilledByTheKernelAtItsCgroupLimit_withMinus104() throws IOException {
    assumeTrue(cgroupsUsable(), "needs root and the memory and cpu cgroup controllers under " + MOUNT);
    h = new NmHarness(dir, rm, Map.of(NmKeys.CGROUPS_ENABLED.key(), "true",
        NmKeys.CGROUPS_HIERARCHY.key(), hierarchy,
        // The kernel, not the monitor, must be what stops the container here.
        NmKeys.PMEM_CHECK_ENABLED.key(), "false"));
    h.awaitRegistered();
    ContainerId neighbour = run(1, Resource.of(256, 2), "sleep 600");
    long neighbourPid = h.pid(neighbour);

    Path neighbourMemory = memoryCgroup(neighbour);
    // The launch script joins its cgroup as its first step, a moment after the process started.
    await("the launch script joins " + neighbourMemory).atMost(Duration.ofSeconds(10))
        .until(() -> List.of(Files.readString(neighbourMemory.resolve("cgroup.procs")).split("\\s+"))
            .contains(Long.toString(neighbourPid)));
    assertThat(Files.readString(neighbourMemory.resolve(V2 ? "memory.max" : "memory.limit_in_bytes")).trim())
        .isEqualTo(Long.toString(256 * MB));
    assertThat(Files.readString(V2 ? neighbourMemory.resolve("cpu.weight")
        : MOUNT.resolve("cpu").resolve(hierarchy).resolve(neighbour.toString()).resolve("cpu.shares")).trim())
        .isEqualTo(V2 ? "200" : "2048");

    ContainerId hog = run(2, Resource.of(512, 1), "head -c 3G /dev/zero | tail -n 1 > /dev/null");
    ContainerStatus status = h.awaitComplete(hog);

    assertThat(status.getExitStatus()).as(status.getDiagnostics()).isEqualTo(ExitStatus.KILLED_EXCEEDED_PMEM);
    assertThat(status.getDiagnostics()).startsWith("Container [pid=").contains("containerID=" + hog)
        .contains("is running beyond physical memory limits")
        .contains("512 MB (" + memoryCgroup(hog).resolve(V2 ? "memory.max" : "memory.limit_in_bytes") + ")")
        .contains("OOM killer");
    await("the cgroup of " + hog + " is removed").atMost(Duration.ofSeconds(10))
        .until(() -> !Files.exists(memoryCgroup(hog)));
    assertThat(h.nm.containers().report(neighbour).state()).isEqualTo(ContainerState.RUNNING);
  }

  private ContainerId run(long n, Resource resource, String script) {
    return h.run(n, resource, ContainerLaunchContext.newBuilder().addAllCommand(List.of("bash", "-c", script)));
  }

  private Path memoryCgroup(ContainerId id) {
    return (V2 ? MOUNT : MOUNT.resolve("memory")).resolve(hierarchy).resolve(id.toString());
  }

  private List<Path> hierarchyRoots() {
    return V2 ? List.of(MOUNT.resolve(hierarchy))
        : List.of(MOUNT.resolve("memory").resolve(hierarchy), MOUNT.resolve("cpu").resolve(hierarchy));
  }

  private static List<Path> subdirs(Path root) throws IOException {
    try (var list = Files.list(root)) {
      return list.filter(Files::isDirectory).toList();
    }
  }

  private static boolean cgroupsUsable() {
    try {
      if (V2) {
        List<String> offered = List.of(Files.readString(MOUNT.resolve("cgroup.controllers")).trim().split("\\s+"));
        return offered.containsAll(List.of("memory", "cpu")) && Files.isWritable(MOUNT.resolve("cgroup.procs"));
      }
      return Files.exists(MOUNT.resolve("memory/memory.limit_in_bytes")) && Files.exists(MOUNT.resolve("cpu/cpu.shares"))
          && Files.isWritable(MOUNT.resolve("memory"));
    } catch (IOException e) {
      return false;
    }
  }
}
