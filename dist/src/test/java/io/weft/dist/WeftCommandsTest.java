package io.weft.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.common.config.WeftConfig;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** bin/weft's command set: every command listed and answering --help, version, classpath. */
class WeftCommandsTest {
  private static final List<String> COMMANDS = List.of("submit", "distributed-shell", "application",
      "applicationattempt", "container", "node", "queue", "rmadmin", "security", "top", "version", "classpath",
      "resourcemanager", "nodemanager", "historyserver", "local-cluster", "quickstart");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int weft(String... args) {
    return Weft.run(new CliContext(WeftConfig.empty(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void topLevelHelp_listsEveryCommand_daemonsIncluded() {
    assertThat(weft("--help")).isZero();
    for (String command : COMMANDS) {
      assertThat(out()).containsPattern("(?m)^\\s+" + command + "\\s");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"submit", "distributed-shell", "application", "applicationattempt", "container", "node",
      "queue", "rmadmin", "security", "top", "version", "classpath", "resourcemanager", "nodemanager", "historyserver",
      "local-cluster", "quickstart"})
  void everyCommand_answersHelp_withExitZero(String command) {
    assertThat(weft(command, "--help")).as("%s", err).isZero();
    assertThat(out()).contains("Usage: weft " + command);
  }

  @Test
  void daemonHelp_namesItsOptions_andAWrongOneIsAUsageError() {
    assertThat(weft("resourcemanager", "--help")).isZero();
    assertThat(out()).contains("-format-state-store", "--conf=key=value", "weft-daemon.sh");
    assertThat(weft("nodemanager", "--bogus")).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--bogus'");
  }

  @Test
  void version_printsTheBuildsVersionAndWhereItRuns() {
    assertThat(weft("version")).isZero();
    assertThat(out()).containsPattern("^Weft \\d+\\.\\d+\\.\\d+").containsPattern("Compiled by \\S+ on \\d{4}-")
        .contains("This command was run using ").doesNotContain("${");
    out.reset();
    assertThat(weft("--version")).isZero();
    assertThat(out()).startsWith("Weft ").doesNotContain("${");
  }

  @Test
  void classpath_isTheConfDirThenTheInstallationsLib(@TempDir Path home) throws Exception {
    Files.createDirectories(home.resolve("lib"));
    Files.createFile(home.resolve("lib/b.jar"));
    Files.createFile(home.resolve("lib/a.jar"));
    Files.createFile(home.resolve("lib/notes.txt"));
    String sep = File.pathSeparator;
    assertThat(bin(Map.of("WEFT_HOME", home.toString()), "classpath"))
        .isEqualTo(home.resolve("conf") + sep + home.resolve("lib") + File.separator + "*");
    assertThat(bin(Map.of("WEFT_HOME", home.toString(), "WEFT_CONF_DIR", "/etc/weft"), "classpath", "--glob"))
        .isEqualTo("/etc/weft" + sep + home.resolve("lib/a.jar") + sep + home.resolve("lib/b.jar"));
  }

  /** bin/weft documents -Dweft.* in WEFT_OPTS for every daemon: a bad one stops the daemon before it starts. */
  @ParameterizedTest
  @CsvSource({"nodemanager, weft.nodemanager.resource.memory-mb=-5",
      "historyserver, weft.historyserver.cache.max-applications=0",
      "resourcemanager, weft.resourcemanager.max-completed-applications=-5"})
  void daemons_readWeftSystemProperties_fromWeftOpts(String daemon, String setting, @TempDir Path dir)
      throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-D" + setting, "-cp", System.getProperty("java.class.path"), Weft.class.getName(), daemon);
    Path stderr = dir.resolve("stderr");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(stderr.toFile()).directory(dir.toFile());
    builder.environment().remove("WEFT_HOME");
    builder.environment().remove("WEFT_CONF_DIR");
    Process process = builder.start();
    try {
      // a daemon that ignored the setting would be running still
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s stopped", daemon).isTrue();
      assertThat(process.exitValue()).isNotZero();
      assertThat(Files.readString(stderr)).contains(setting);
    } finally {
      process.destroyForcibly();
    }
  }

  /** io.weft.dist.Weft in a child JVM with {@code env}, as bin/weft runs it; answers its stdout's one line. */
  private static String bin(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), Weft.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().remove("WEFT_HOME");
    builder.environment().remove("WEFT_CONF_DIR");
    builder.environment().putAll(env);
    Process process = builder.start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(stdout).isZero();
    return stdout.strip();
  }
}
