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
 * No cold start after install (docs/startup.md): on a freshly unpacked tarball, with no archive
 * anywhere, the quickstart's NodeManagers make the class-data-sharing archive of Weft's JVMs as they
 * start, so the AM and the executors of its very first application map it, as their memory maps show.
 */
@Tag("tarball")
class QuickstartArchiveTest {
  private static final String ARCHIVE = "/weft-cds-" + System.getProperty("user.name") + "/weft-jvms-";

  @TempDir Path root;

  @Test
  void quickstart_onAFreshInstallation_runsItsFirstApplicationWithTheArchiveOfWeftsJvms() throws Exception {
    Path home = Installs.unpack(root.resolve("opt"));
    // a temporary directory of its own: its weft-cds-<user> is where the NMs keep archives, empty so far
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    Set<String> mapping = ConcurrentHashMap.newKeySet();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleWithFixedDelay(() -> mapping.addAll(mainClassesMappingTheArchive(home)), 0, 20,
        TimeUnit.MILLISECONDS);
    Result quickstart;
    try {
      quickstart = Installs.run(List.of(home.resolve("bin/weft").toString(), "quickstart"), root,
          Map.of("WEFT_OPTS", "-Djava.io.tmpdir=" + tmp), Duration.ofMinutes(3));
    } finally {
      sampler.shutdownNow();
    }

    assertThat(quickstart.exitCode()).as(quickstart.output()).isZero();
    assertThat(quickstart.output()).contains("Pi is roughly").contains("final status SUCCEEDED");
    assertThat(mapping).as("main classes of the JVMs seen with the archive mapped")
        .contains("io.weft.am.ApplicationMasterMain", "io.weft.driver.executor.ExecutorMain");
  }

  /** The main classes of the JVMs running from {@code home} whose memory maps hold the archive of Weft's JVMs. */
  private static Set<String> mainClassesMappingTheArchive(Path home) {
    Set<String> mains = ConcurrentHashMap.newKeySet();
    ProcessHandle.allProcesses().forEach(process -> {
      List<String> argv = read(process.pid(), "cmdline").map(s -> Arrays.asList(s.split("\0"))).orElse(List.of());
      if (argv.isEmpty() || !argv.get(0).endsWith("java") || !String.join(" ", argv).contains(home.toString())) {
        return;
      }
      if (read(process.pid(), "maps").filter(maps -> maps.contains(ARCHIVE)).isPresent()) {
        argv.stream().filter(arg -> arg.startsWith("io.weft.") && arg.endsWith("Main")).findFirst()
            .ifPresent(mains::add);
      }
    });
    return mains;
  }

  private static Optional<String> read(long pid, String file) {
    try {
      return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone, or not ours to read
    }
  }
}
