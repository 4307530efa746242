package io.weft.rm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.rm.ResourceManagerMain;
import io.weft.rm.ha.HaPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/weft resourcemanager} as a real child JVM: how it starts, refuses and formats its store. */
class ResourceManagerMainStoreTest {
  private static final Duration EXIT_WAIT = Duration.ofSeconds(60);

  @TempDir
  Path tmp;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    started.forEach(Process::destroyForcibly);
  }

  private Path storeDir() {
    return tmp.resolve("rm-state");
  }

  /** A child RM JVM whose stdout and stderr go to files under the temp dir. */
  private Child run(String name, String... args) throws IOException {
    return run(name, List.of(), Map.of(), args);
  }

  private Child run(String name, List<String> jvmOptions, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ResourceManagerMain.class.getName()));
    command.addAll(List.of(args));
    for (String conf : List.of("weft.resourcemanager.address=127.0.0.1:0",
        "weft.resourcemanager.webapp.address=127.0.0.1:0",
        "weft.resourcemanager.staging-dir=" + tmp.resolve("staging"),
        "weft.resourcemanager.store.dir=" + storeDir())) {
      command.addAll(List.of("--conf", conf));
    }
    Child child = new Child(tmp.resolve(name + ".out"), tmp.resolve(name + ".err"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(child.out.toFile())
        .redirectError(child.err.toFile());
    builder.environment().remove("WEFT_HOME");
    builder.environment().remove("WEFT_CONF_DIR");
    builder.environment().putAll(env);
    child.process = builder.start();
    started.add(child.process);
    return child;
  }

  private static final class Child {
    final Path out;
    final Path err;
    Process process;

    Child(Path out, Path err) {
      this.out = out;
      this.err = err;
    }

    int exitCode() throws InterruptedException {
      assertThat(process.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited within " + EXIT_WAIT).isTrue();
      return process.exitValue();
    }

    String stdout() throws IOException {
      return Files.readString(out);
    }

    String stderr() throws IOException {
      return Files.readString(err);
    }
  }

  private void writeGarbageStore() throws IOException {
    Files.createDirectories(storeDir());
    for (String file : List.of("CURRENT", "MANIFEST-000005", "000004.log", "IDENTITY")) {
      Files.writeString(storeDir().resolve(file), "not a RocksDB file\n".repeat(20));
    }
  }

  @Test
  void corruptStore_startExits2WithTheDirectoryAndTheFix() throws Exception {
    writeGarbageStore();

    Child rm = run("rm");

    assertThat(rm.exitCode()).isEqualTo(2);
    assertThat(rm.stderr()).startsWith("weft resourcemanager: ").contains(storeDir().toString())
        .contains("bin/weft resourcemanager -format-state-store");
  }

  @Test
  void formatStateStore_wipesTheStoreAndThenTheRmStarts() throws Exception {
    writeGarbageStore();

    Child format = run("format", "-format-state-store");

    assertThat(format.exitCode()).as(() -> "stderr: " + stderrOf(format)).isZero();
    assertThat(format.stdout()).contains("Formatted the state store " + storeDir()).contains("deleted 4 files");
    assertThat(storeDir()).isEmptyDirectory();

    Child rm = run("rm");
    await("RM start").atMost(EXIT_WAIT).untilAsserted(() -> assertThat(rm.stdout())
        .as(() -> "stderr so far: " + stderrOf(rm)).contains("ResourceManager listening on"));
    rm.process.destroy(); // SIGTERM: the shutdown hook closes the RM
    assertThat(rm.exitCode()).isNotEqualTo(2);
  }

  @Test
  void formatStateStore_withHa_wipesTheClustersStoreInZooKeeper() throws Exception {
    try (TestingServer zk = new TestingServer(true);
        CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(),
            new RetryUntilElapsed(10_000, 100))) {
      client.start();
      HaPaths paths = new HaPaths("/weft/c1");
      try (ZkStateStore store = new ZkStateStore(client, paths, "rm1", message -> { })) {
        store.load();
        store.storeApplication(StoreFixtures.finished(1)).join();
      }

      Child format = run("format", "-format-state-store", "--conf", "weft.resourcemanager.ha.enabled=true",
          "--conf", "weft.resourcemanager.ha.rm-ids=rm1,rm2", "--conf", "weft.resourcemanager.cluster-id=c1",
          "--conf", "weft.resourcemanager.zk-address=" + zk.getConnectString());

      assertThat(format.exitCode()).as(() -> "stderr: " + stderrOf(format)).isZero();
      assertThat(format.stdout()).contains("Formatted the state store in ZooKeeper " + zk.getConnectString()
          + ": deleted /weft/c1/store (5 znodes)").contains("deleted /weft/c1/fence (1 znodes)");
      assertThat(client.checkExists().forPath(paths.store())).isNull();
      assertThat(storeDir()).doesNotExist(); // the RocksDB store is not the HA cluster's
    }
  }

  @Test
  void formatStateStore_withHaAndZooKeeperUnreachable_exits2NamingTheAddress() throws Exception {
    String address;
    try (TestingServer zk = new TestingServer(true)) {
      address = zk.getConnectString(); // a port nothing listens on once it is closed
    }

    Child format = run("format", "-format-state-store", "--conf", "weft.resourcemanager.ha.enabled=true",
        "--conf", "weft.resourcemanager.ha.rm-ids=rm1,rm2", "--conf", "weft.resourcemanager.cluster-id=c1",
        "--conf", "weft.resourcemanager.zk-address=" + address, "--conf", "weft.resourcemanager.zk-timeout-ms=500");

    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.stderr()).startsWith("weft resourcemanager: ").contains(address);
  }

  @Test
  void renamedKey_isRefusedAtStartNamingTheNewKey() throws Exception {
    Child rm = run("rm", "--conf", "weft.rm.max-completed-applications=5");

    assertThat(rm.exitCode()).isEqualTo(2);
    assertThat(rm.stderr()).contains("weft resourcemanager: configuration key weft.rm.max-completed-applications "
        + "was renamed to weft.resourcemanager.max-completed-applications");
  }

  @Test
  void renamedKey_asASystemProperty_isRefusedToo() throws Exception {
    Child rm = run("rm", List.of("-Dweft.rm.max-completed-applications=5"), Map.of());

    assertThat(rm.exitCode()).isEqualTo(2);
    assertThat(rm.stderr()).contains("configuration key weft.rm.max-completed-applications was renamed to "
        + "weft.resourcemanager.max-completed-applications");
  }

  @Test
  void renamedKey_inTheSiteFile_isRefusedToo() throws Exception {
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Files.writeString(conf.resolve("weft-site.properties"), "weft.rm.max-completed-applications=5\n");

    Child rm = run("rm", List.of(), Map.of("WEFT_CONF_DIR", conf.toString()));

    assertThat(rm.exitCode()).isEqualTo(2);
    assertThat(rm.stderr()).contains("configuration key weft.rm.max-completed-applications was renamed");
  }

  private static String stderrOf(Child child) {
    try {
      return child.stderr();
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
