package io.weft.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.testing.TestJars;
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

  @Test
  void unknownFlagBeforeClass_isAnErrorNamingItAndTheClosestFlag() {
    int code = cli.run("submit", "--executor-memroy", "2g", "--class", "x.Main", "app.jar");
    assertThat(code).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("unknown option --executor-memroy; did you mean --executor-memory?")
        .doesNotContain("--class");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--executor-memroy 2g --class x.Main app.jar | --executor-memroy",
      "--class x.Main -x app.jar | -x",
      "-Dweft.a=b --class x.Main app.jar | -Dweft.a",
      "--master local --bogus | --bogus",
  })
  void unknownFlag_inAnyPlaceBeforeTheJar_isAUsageErrorNamingIt(String line, String flag) {
    assertThat(cli.run(("submit " + line).split(" "))).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("unknown option " + flag);
  }

  @Test
  void unknownFlagAfterClass_andFarFromAnyFlag_isAnError() {
    int code = cli.run("submit", "--class", "x.Main", "--frobnicate=yes", "app.jar");
    assertThat(code).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("unknown option --frobnicate; see weft submit --help");
  }

  @Test
  void flagsAfterTheJar_areTheApplicationsArguments() throws Exception {
    assertThat(submit("--verbose", "--master", "local[1]")).isEqualTo(WeftCli.USAGE_ERROR); // not a real jar
    cli.run("submit", "--verbose", "--master", "local[1]", "--class", "x.Main", "app.jar", "--unknown-to-weft", "a");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("childArgs            [--unknown-to-weft, a]");
  }

  @Test
  void unknownWeftKeys_warnWithTheClosestKey_butAreNotErrors() throws Exception {
    Path file = Files.writeString(dir.resolve("defaults.conf"), "weft.executor.cors 3\n");
    int code = submit("--properties-file", file.toString(), "--conf", "weft.exectuor.memory=2g",
        "--conf", "weft.myapp.threshold=7", "--master", "local[1]");
    assertThat(code).as("the run goes on to the jar, which is not real").isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors())
        .contains("Warning: unknown configuration key weft.exectuor.memory (--conf);"
            + " did you mean weft.executor.memory?")
        .contains("Warning: unknown configuration key weft.executor.cors (properties file " + file
            + "); did you mean weft.executor.cores?")
        .contains("Warning: unknown configuration key weft.myapp.threshold (--conf); Weft does not read it")
        .contains("main class x.Main");
  }

  @Test
  void knownKeyFamilies_doNotWarn() throws Exception {
    submit("--conf", "weft.resourcemanager.address.rm2=h:1", "--conf", "weft.scheduler.capacity.root.a.capacity=5",
        "--conf", "weft.app.name=n", "--master", "local[1]");
    assertThat(errors()).doesNotContain("Warning");
  }

  @Test
  void precedence_isFlagsOverConfOverPropertiesFile_andVerboseShowsSourcesWithSecretsMasked() throws Exception {
    Path file = Files.writeString(dir.resolve("weft-defaults.conf"), String.join("\n",
        "# spark-defaults.conf style",
        "weft.executor.memory   3g",
        "weft.executor.cores=3",
        "weft.queue fromfile",
        "weft.myapp.password = hunter2", ""));
    submit("--verbose", "--master", "local[1]", "--properties-file", file.toString(),
        "--conf", "weft.executor.cores=4", "--conf", "weft.queue=fromconf", "--queue", "fromflag");
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("executorMemory       3072m").contains("executorCores        4")
        .contains("queue                fromflag")
        .contains("weft.executor.memory=3g  (properties file " + file + ")")
        .contains("weft.executor.cores=4  (--conf)")
        .contains("weft.queue=fromflag  (--queue)")
        .contains("weft.myapp.password=*********(redacted)")
        .doesNotContain("hunter2");
  }

  @Test
  void badValueFromThePropertiesFile_namesTheKeyAndTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.conf"), "weft.executor.instances 0\n");
    assertThat(submit("--properties-file", file.toString(), "--deploy-mode", "cluster"))
        .isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("weft.executor.instances (properties file " + file + ") must be at least 1, got 0");
  }

  @Test
  void defaultPropertiesFile_isWeftDefaultsConfInWeftConfDir() throws Exception {
    Files.writeString(dir.resolve("weft-defaults.conf"), "weft.executor.cores 5\n");
    Path jar = Files.writeString(dir.resolve("app.jar"), "not really a jar");
    int code = new picocli.CommandLine(new SubmitCommand(new CliContext(WeftConfig.empty(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)),
        java.util.Map.of("WEFT_CONF_DIR", dir.toString()))).setStopAtPositional(true)
        .setUnmatchedOptionsArePositionalParams(true)
        .setExecutionExceptionHandler(WeftCli.errorHandler(new PrintStream(err, true, StandardCharsets.UTF_8)))
        .execute("--verbose", "--master", "local[1]", "--class", "x.Main", jar.toString());
    assertThat(code).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("weft.executor.cores=5  (properties file " + dir.resolve("weft-defaults.conf") + ")");
  }

  @Test
  void missingPropertiesFile_isAUsageError() throws Exception {
    assertThat(submit("--properties-file", dir.resolve("none.conf").toString())).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("properties file " + dir.resolve("none.conf") + " does not exist");
  }

  @Test
  void statusAndKill_refuseAMalformedIdAndAJar() {
    assertThat(cli.run("submit", "--status", "app_1")).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("app_1");
    assertThat(cli.run("submit", "--kill", "application_1_0001", "app.jar")).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("--kill takes no application jar");
  }

  @Test
  void superviseInClientMode_andArchivesInLocalMode_areRefused() throws Exception {
    assertThat(submit("--supervise")).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("--supervise applies to --deploy-mode cluster only");
    assertThat(submit("--archives", "a.zip", "--master", "local[2]")).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(errors()).contains("--archives needs executors in containers: use --master weft");
  }

  private Path driverSetupJar() throws Exception {
    Path extra = Files.createDirectories(dir.resolve("extra"));
    Files.writeString(extra.resolve("extra.txt"), "from the driver class path");
    return TestJars.compile(dir.resolve("setup.jar"), java.util.Map.of("ShowSetup", """
        public class ShowSetup {
          public static void main(String[] args) throws Exception {
            System.out.println("my.prop=" + System.getProperty("my.prop"));
            System.out.println("max heap MB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
            var resource = ShowSetup.class.getClassLoader().getResourceAsStream("extra.txt");
            System.out.println("extra.txt=" + (resource == null ? "absent" : new String(resource.readAllBytes())));
          }
        }
        """));
  }

  @Test
  void driverJavaOptionsAndClassPath_applyToALocalModeDriver_inANewJvm() throws Exception {
    Path jar = driverSetupJar();
    int code = cli.run("submit", "--master", "local[1]", "--driver-memory", "200m",
        "--driver-java-options", "-Dmy.prop='two words' -Xss2m", "--driver-class-path", dir.resolve("extra").toString(),
        "--class", "ShowSetup", jar.toString());
    assertThat(code).as(errors()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("my.prop=two words")
        .contains("extra.txt=from the driver class path").containsPattern("max heap MB=(1[5-9][0-9]|200)\\b");
  }

  @Test
  void withoutDriverOptions_theDriverRunsHere_andTheClassPathStillApplies() throws Exception {
    Path jar = driverSetupJar();
    ByteArrayOutputStream driverOut = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(driverOut, true, StandardCharsets.UTF_8)); // main prints to this JVM's stdout
    int code;
    try {
      code = cli.run("submit", "--master", "local[1]", "--driver-class-path", dir.resolve("extra") + "/../extra",
          "--class", "ShowSetup", jar.toString());
    } finally {
      System.setOut(stdout);
    }
    assertThat(code).as(errors()).isZero();
    assertThat(driverOut.toString(StandardCharsets.UTF_8)).contains("my.prop=null")
        .contains("extra.txt=from the driver class path");
  }
}
