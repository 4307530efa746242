package io.weft.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flag validation happens before any RPC: these run with no ResourceManager at all. */
class SubmitCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  // Nothing listens on port 1: a test that reached the RM would fail with UNAVAILABLE, not usage
  // (after retrying for a moment, not the default 15 minutes).
  private final WeftCli cli = new WeftCli(new CliContext(
      WeftConfig.empty().with(CommonKeys.RM_ADDRESS, "127.0.0.1:1").with(CommonKeys.RM_CONNECT_MAX_WAIT, "200"),
      new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));

  @TempDir Path dir;

  private int submit(String... flags) throws Exception {
    Path jar = Files.writeString(dir.resolve("app.jar"), "not really a jar");
    String[] args = new String[flags.length + 3];
    args[0] = "submit";
    System.arraycopy(flags, 0, args, 1, flags.length);
    args[flags.length + 1] = "--class=x.Main";
    args[flags.length + 2] = jar.toString();
    return cli.run(args);
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "--num-executors, 0, --num-executors must be at least 1, got 0",
      "--num-executors, -3, --num-executors must be at least 1, got -3",
      "--executor-memory, -1g, --executor-memory '-1g' must not be negative",
      "--executor-memory, 0, --executor-memory '0' must be positive",
      "--executor-memory, lots, --executor-memory 'lots' is not a memory size",
      "--driver-memory, 0g, --driver-memory '0g' must be positive",
      "--executor-cores, 0, --executor-cores must be at least 1, got 0",
      "--deploy-mode, sideways, --deploy-mode 'sideways' must be client or cluster",
      "--master, yarn, --master 'yarn' is not supported",
      "--conf, novalue, --conf 'novalue' is not of the form key=value",
  })
  void badFlag_isRefusedWithTheFlagNamed(String flag, String value, String message) throws Exception {
    String mode = flag.equals("--deploy-mode") ? "--name=x" : "--deploy-mode=cluster";
    assertThat(submit(mode, flag + "=" + value)).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains(message);
  }

  @Test
  void nonNumericCount_isRefusedByTheParser() throws Exception {
    assertThat(submit("--num-executors", "many")).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("--num-executors").contains("many");
  }

  @Test
  void missingJar_isRefusedBeforeContactingTheCluster() {
    int code = cli.run("submit", "--deploy-mode", "cluster", "--class", "x.Main", dir.resolve("nope.jar").toString());
    assertThat(code).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("application jar " + dir.resolve("nope.jar") + " does not exist");
  }

  @Test
  void clientMode_withAMainClassNotInTheJar_isAUsageErrorNamingBoth() throws Exception {
    assertThat(submit("--deploy-mode", "client")).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("main class x.Main").contains("app.jar");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("ExecutorLauncher AM container of 896 MB");
    assertThat(System.getProperty("weft.master")).as("settings are restored").isNull();
  }

  @Test
  void localMaster_inClusterDeployMode_isRefused() throws Exception {
    assertThat(submit("--master", "local[2]", "--deploy-mode", "cluster")).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("--master local[2]").contains("--deploy-mode cluster");
  }

  @Test
  void missingJarsEntryInClusterMode_isRefusedNamingIt() throws Exception {
    assertThat(submit("--deploy-mode", "cluster", "--jars", "extra.jar")).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("--jars entry").contains("extra.jar does not exist");
  }

  @Test
  void unreachableResourceManager_failsWithItsAddress() throws Exception {
    assertThat(submit("--deploy-mode", "cluster")).isEqualTo(1);
    assertThat(errors()).contains("lost the ResourceManager at 127.0.0.1:1 (UNAVAILABLE: ")
        .contains("the ResourceManager at 127.0.0.1:1 could not be reached for");
  }

  @Test
  void missingClass_isAUsageError() {
    assertThat(cli.run("submit", "x.jar")).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("--class");
  }
}
