package io.weft.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.dist.Installs.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No cold start after install (docs/startup.md, docs/warm-jvms.md): on a freshly unpacked tarball, with no
 * archive anywhere, the quickstart's NodeManagers make the class-data-sharing archive of Weft's JVMs as they
 * start and keep warm JVMs that map it, so the AM and the executors of its very first application claim warm
 * JVMs and map the archive, as the quickstart's output and the memory maps of the containers' processes show.
 */
@Tag("tarball")
class QuickstartArchiveTest {
  private static final String ARCHIVE = "/weft-cds-" + System.getProperty("user.name") + "/weft-jvms-";

  @TempDir Path root;

  @Test
  void quickstart_onAFreshInstallation_runsItsFirstApplicationInWarmJvmsWithTheArchiveOfWeftsJvms() throws Exception {
    Path home = Installs.unpack(root.resolve("opt"));
    // a temporary directory of its own: its weft-cds-<user> is where the NMs keep archives, empty so far
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    Set<String> mapping = ConcurrentHashMap.newKeySet();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleWithFixedDelay(() -> mapping.addAll(containersMappingTheArchive(home)), 0, 20,
        TimeUnit.MILLISECONDS);
    Result quickstart;
    try {
      quickstart = Installs.run(List.of(home.resolve("bin/weft").toString(), "quickstart"), root,
          Map.of("WEFT_OPTS", "-Djava.io.tmpdir=" + tmp), Duration.ofMinutes(3));
    } finally {
      sampler.shutdownNow();
    }

    assertThat(quickstart.exitCode()).as(quickstart.output()).isZero();
    assertThat(quickstart.output()).contains("Pi is roughly").contains("final status SUCCEEDED")
        .contains("Warm JVMs ready after").contains("3 of its 3 containers started in a warm JVM");
    assertThat(mapping).as("containers whose JVM was seen with the archive mapped: the AM and both executors")
        .hasSize(3).anyMatch(container -> container.endsWith("_000001"));
  }

  /**
   * The containers whose JVM (warm or not: its working directory is the container's) runs from {@code home} and
   * maps the archive of Weft's JVMs.
   */
  private static Set<String> containersMappingTheArchive(Path home) {
    Set<String> containers = ConcurrentHashMap.newKeySet();
    ProcessHandle.allProcesses().forEach(process -> {
      List<String> argv = read(process.pid(), "cmdline").map(s -> Arrays.asList(s.split("\0"))).orElse(List.of());
      if (argv.isEmpty() || !argv.get(0).endsWith("java") || !String.join(" ", argv).contains(home.toString())) {
        return;
      }
      Optional<String> container = workingDirectory(process.pid()).map(dir -> dir.getFileName().toString())
          .filter(name -> name.startsWith("container_"));
      if (container.isPresent() && read(process.pid(), "maps").filter(maps -> maps.contains(ARCHIVE)).isPresent()) {
        containers.add(container.get());
      }
    });
    return containers;
  }

  private static Optional<Path> workingDirectory(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone, or not ours to read
    }
  }

  private static Optional<String> read(long pid, String file) {
    try {
      return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone, or not ours to read
    }
  }
}
