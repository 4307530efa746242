package io.weft.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.rpc.StablePorts;
import io.weft.dist.Installs.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as a user installs it: unpacked where nothing of the source tree is near, {@code bin/weft}
 * reached through a symlink from elsewhere, a ResourceManager run by {@code bin/weft-daemon.sh}. Tagged
 * "tarball": dist's pom runs it in the integration-test phase, after the package phase made the tarball.
 */
@Tag("tarball")
class TarballInstallTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);
  private static final String RM_READY = "ResourceManager listening on";

  @TempDir static Path root;
  private static Path home;

  /** Pids of the daemons this test started, to stop any a failed assertion left behind. */
  private final List<Long> daemonPids = new ArrayList<>();

  @BeforeAll
  static void unpackTheTarball() throws Exception {
    home = Installs.unpack(root.resolve("opt"));
  }

  @AfterEach
  void stopLeftoverDaemons() {
    for (long pid : daemonPids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void tarball_hasTheInstallationLayout() throws Exception {
    assertThat(Files.getPosixFilePermissions(home.resolve("bin/weft"))).contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.getPosixFilePermissions(home.resolve("bin/weft-daemon.sh")))
        .contains(PosixFilePermission.OWNER_EXECUTE);
    for (String file : List.of("conf/weft-site.properties", "conf/weft-defaults.conf",
        "conf/capacity-scheduler.properties", "conf/log4j2.xml",
        "examples/weft-examples.jar", "INSTALL.md", "LICENSE", "NOTICE")) {
      assertThat(home.resolve(file)).isRegularFile();
    }
    assertThat(Files.readString(home.resolve("INSTALL.md"))).as("filtered at build time")
        .contains("weft-" + Installs.version() + ".tar.gz");
  }

  /** LICENSE is written by hand: a library added to lib/ without a line there fails here. */
  @Test
  void license_namesEveryBundledLibrary() throws Exception {
    String license = Files.readString(home.resolve("LICENSE"));
    List<String> unlisted;
    try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
      unlisted = jars.map(jar -> jar.getFileName().toString())
          .filter(name -> name.endsWith(".jar") && !name.startsWith("weft-"))
          .filter(name -> !license.contains(name))
          .toList();
    }
    assertThat(unlisted).as("jars in lib/ missing from dist/src/main/dist/LICENSE").isEmpty();
  }

  @Test
  void weft_runsThroughASymlinkFromAnotherDirectory() throws Exception {
    // As `ln -s /opt/weft-x/bin/weft /usr/local/bin/weft`, beside a lib/ that is not Weft's, and a second
    // relative link to the first: bin/weft must follow both to the installation.
    Path pathDir = Files.createDirectories(root.resolve("usr/local/bin"));
    Files.createDirectories(root.resolve("usr/local/lib"));
    Files.writeString(root.resolve("usr/local/lib/unrelated.jar"), "not a jar");
    Path link = Files.createSymbolicLink(pathDir.resolve("weft"), home.resolve("bin/weft"));
    Path chained = Files.createSymbolicLink(pathDir.resolve("weft-again"), Path.of("weft"));
    Path elsewhere = Files.createDirectories(root.resolve("home/user"));

    for (Path launcher : List.of(link, chained)) {
      Result help = run(List.of(launcher.toString(), "--help"), elsewhere, Map.of());
      assertThat(help.exitCode()).as(help.output()).isZero();
      assertThat(help.output()).contains("Usage: weft").contains("Commands:");
    }
  }

  @Test
  void weft_copiedAwayFromItsInstallation_needsWeftHome() throws Exception {
    Path copy = Files.createDirectories(root.resolve("copied/bin")).resolve("weft");
    Files.copy(home.resolve("bin/weft"), copy);
    Path elsewhere = Files.createDirectories(root.resolve("copied/cwd"));

    Result lost = run(List.of(copy.toString(), "--help"), elsewhere, Map.of());
    assertThat(lost.exitCode()).isEqualTo(1);
    assertThat(lost.output()).contains("no installation found next to " + copy.getParent());

    Result found = run(List.of(copy.toString(), "--help"), elsewhere, Map.of("WEFT_HOME", home.toString()));
    assertThat(found.exitCode()).as(found.output()).isZero();
    assertThat(found.output()).contains("Usage: weft");
  }

  @Test
  void daemonScript_startsStatusesAndStopsAResourceManager() throws Exception {
    Path conf = confWithFreePorts();
    Path pids = root.resolve("pids");
    Path logs = root.resolve("logs");
    Map<String, String> env = Map.of("WEFT_CONF_DIR", conf.toString(), "WEFT_PID_DIR", pids.toString(),
        "WEFT_LOG_DIR", logs.toString(), "WEFT_IDENT_STRING", "test");
    Path pidFile = pids.resolve("weft-test-resourcemanager.pid");
    // A crashed RM's pid file names a process that is gone: start must not be put off by it.
    Files.createDirectories(pids);
    Files.writeString(pidFile, deadPid() + "\n");

    Result start = daemon("start", env);
    assertThat(start.exitCode()).as(start.output()).isZero();
    assertThat(start.output()).contains("removing stale pid file");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    daemonPids.add(pid);
    ProcessHandle rm = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("pid " + pid + " is not running"));
    Path out = onlyFile(logs, ".out");
    await("the RM (pid " + pid + ") to print '" + RM_READY + "' in " + out).atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> {
          assertThat(rm.isAlive()).as("RM alive; its output:\n%s", Files.readString(out)).isTrue();
          assertThat(Files.readString(out)).contains(RM_READY);
        });
    assertThat(rm.info().commandLine().orElse("")).contains("io.weft.dist.Weft resourcemanager")
        .contains("-Dlog4j2.configurationFile=" + conf.resolve("log4j2.xml"));

    Result status = daemon("status", env);
    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output()).contains("running as process " + pid);

    Result second = daemon("start", env);
    assertThat(second.exitCode()).as(second.output()).isNotZero();
    assertThat(second.output()).contains("already running as process " + pid);
    assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(pid));

    Result stop = daemon("stop", env);
    assertThat(stop.exitCode()).as(stop.output()).isZero();
    assertThat(stop.output()).as("the RM ends on SIGTERM").doesNotContain("SIGKILL");
    assertThat(rm.isAlive()).as("the RM after stop").isFalse();
    assertThat(pidFile).doesNotExist();

    Result stopped = daemon("status", env);
    assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(1);
    assertThat(daemon("stop", env).output()).contains("no resourcemanager to stop");
  }

  @Test
  void daemonScript_killsADaemonThatIgnoresSigterm() throws Exception {
    Path conf = confWithFreePorts();
    Path pids = root.resolve("pids-kill");
    Path logs = root.resolve("logs-kill");
    Map<String, String> env = Map.of("WEFT_CONF_DIR", conf.toString(), "WEFT_PID_DIR", pids.toString(),
        "WEFT_LOG_DIR", logs.toString(), "WEFT_STOP_TIMEOUT", "1");
    // A signal ignored at exec stays ignored, and the JVM then leaves SIGTERM alone: an RM deaf to stop.
    String script = home.resolve("bin/weft-daemon.sh").toString();
    Result start = run(List.of("bash", "-c", "trap '' TERM; exec \"$0\" start resourcemanager", script), root, env);
    assertThat(start.exitCode()).as(start.output()).isZero();
    long pid = Long.parseLong(Files.readString(onlyFile(pids, ".pid")).trim());
    daemonPids.add(pid);
    ProcessHandle rm = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("pid " + pid + " is not running"));
    Path out = onlyFile(logs, ".out");
    await("the RM (pid " + pid + ") to print '" + RM_READY + "' in " + out).atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(Files.readString(out)).contains(RM_READY));

    Result stop = run(List.of(script, "stop", "resourcemanager"), root, env);
    assertThat(stop.exitCode()).as(stop.output()).isZero();
    assertThat(stop.output()).contains("did not stop within 1 s of SIGTERM; killing it with SIGKILL");
    assertThat(rm.isAlive()).as("the RM after stop").isFalse();
    assertThat(run(List.of(script, "status", "resourcemanager"), root, env).exitCode()).isEqualTo(1);
  }

  /** The installation's own templates, with ports nobody uses and a state store of this test's. */
  private static Path confWithFreePorts() throws IOException {
    Path conf = Files.createTempDirectory(root, "conf");
    try (Stream<Path> templates = Files.list(home.resolve("conf"))) {
      for (Path template : templates.toList()) {
        Files.copy(template, conf.resolve(template.getFileName()));
      }
    }
    List<Integer> ports = StablePorts.free("127.0.0.1", 2);
    Files.writeString(conf.resolve("weft-site.properties"), String.join("\n",
        "",
        "weft.resourcemanager.address=127.0.0.1:" + ports.get(0),
        "weft.resourcemanager.webapp.address=127.0.0.1:" + ports.get(1),
        "weft.resourcemanager.store.dir=" + conf.resolve("rm-store"),
        "weft.resourcemanager.staging-dir=" + conf.resolve("rm-staging"),
        ""), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return conf;
  }

  private Result daemon(String action, Map<String, String> env) throws Exception {
    return run(List.of(home.resolve("bin/weft-daemon.sh").toString(), action, "resourcemanager"), root, env);
  }

  /** The pid of a process that has ended, as a crash would leave in a pid file. */
  private static long deadPid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return gone.pid();
  }

  private static Path onlyFile(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> matching = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
      assertThat(matching).as("%s files in %s", suffix, dir).hasSize(1);
      return matching.get(0);
    }
  }

  private static Result run(List<String> command, Path dir, Map<String, String> env) throws Exception {
    return Installs.run(command, dir, env, SCRIPT_TIMEOUT);
  }
}
