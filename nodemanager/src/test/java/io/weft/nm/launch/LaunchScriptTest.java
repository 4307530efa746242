package io.weft.nm.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.Placeholders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class LaunchScriptTest {
  @TempDir Path dir;

  private String runScript(Map<String, String> env, List<String> command) throws Exception {
    Path script = LaunchScript.write(dir, env, command);
    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return out;
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void envValues_withQuotesSpacesAndDollars_reachTheProcessVerbatim() throws Exception {
    String value = "it's a \"quoted\" $HOME `date` \\n and 'more' $(echo no)";
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TRICKY", value);
    env.put("EMPTY", "");
    assertThat(runScript(env, List.of("bash", "-c", "printf '%s|%s|' \"$TRICKY\" \"$EMPTY\"")))
        .isEqualTo(value + "||");
  }

  @Test
  void argv_isPassedWithoutShellExpansion() throws Exception {
    assertThat(runScript(Map.of(), List.of("printf", "%s|", "a b", "$PATH", "'q'", "*", "; echo injected")))
        .isEqualTo("a b|$PATH|'q'|*|; echo injected|");
  }

  @Test
  void script_runsTheCommandAsAChild_thenRecordsItsExitCodeAtomically() {
    assertThat(LaunchScript.render(Map.of("A", "1"), List.of("java", "-version"), Path.of("/w/.exit_code")))
        .isEqualTo("#!/bin/bash\nexport A='1'\ntrap : TERM\n'java' '-version'\nrc=$?\n"
            + "printf '%s\\n' \"$rc\" > '/w/.exit_code.tmp' && command -p mv -f '/w/.exit_code.tmp' '/w/.exit_code'\n"
            + "exit \"$rc\"\n");
  }

  @ParameterizedTest(name = "exit {0}")
  @ValueSource(ints = {0, 3, 255})
  void exitCode_isWrittenToTheFile_andIsTheScriptsOwn(int code) throws Exception {
    Path script = LaunchScript.write(dir, Map.of(), List.of("bash", "-c", "exit " + code));
    Process p = new ProcessBuilder("bash", script.toString()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isEqualTo(code);
    assertThat(ExitCodeFile.read(dir)).hasValue(code);
    assertThat(dir.resolve(ExitCodeFile.NAME + ".tmp")).doesNotExist();
  }

  @Test
  void cgroupItCannotJoin_failsTheScriptBeforeTheCommandRuns() throws Exception {
    Path ran = dir.resolve("ran");
    Path procs = dir.resolve("no-such-cgroup").resolve("cgroup.procs");
    Path script = LaunchScript.write(dir, Map.of(), List.of("touch", ran.toString()), List.of(procs));
    Process p = new ProcessBuilder("bash", script.toString()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(new String(p.getErrorStream().readAllBytes())).contains("cannot join the container's cgroup: " + procs);
    assertThat(ran).as("the command never runs outside its limits").doesNotExist();
  }

  @Test
  void cgroupsItJoins_holdTheScriptsPid() throws Exception {
    Path procs = Files.createFile(dir.resolve("cgroup.procs"));
    Path script = LaunchScript.write(dir, Map.of(), List.of("true"), List.of(procs));
    Process p = new ProcessBuilder("bash", script.toString()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isZero();
    assertThat(Files.readString(procs).trim()).isEqualTo(Long.toString(p.pid()));
  }

  @Test
  void exitCode_isWritten_evenWhenTheContainersPathHidesTheStandardTools() throws Exception {
    Path script = LaunchScript.write(dir, Map.of("PATH", "/nonexistent"), List.of("/bin/bash", "-c", "exit 6"));
    Process p = new ProcessBuilder("bash", script.toString()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(ExitCodeFile.read(dir)).hasValue(6);
  }

  @Test
  void sigtermToTheGroup_reachesTheCommand_andTheScriptRecordsTheCommandsOwnCode() throws Exception {
    Path ready = dir.resolve("ready");
    Path script = LaunchScript.write(dir, Map.of(), List.of("bash", "-c",
        "trap 'exit 7' TERM; touch " + ready + "; while true; do sleep 0.05; done"));
    Process p = new ProcessBuilder("setsid", "bash", script.toString()).start();
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> Files.exists(ready));

      assertThat(ProcessGroups.signal(p.pid(), "TERM")).isTrue();

      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(7);
      assertThat(ExitCodeFile.read(dir)).hasValue(7);
    } finally {
      ProcessGroups.signal(p.pid(), "KILL");
    }
  }

  @Test
  void exitCodeFile_isEmptyUntilTheCommandEnds() {
    assertThat(ExitCodeFile.read(dir)).isEmpty();
  }

  @Test
  void invalidEnvName_isRejected() {
    assertThatThrownBy(() -> LaunchScript.render(Map.of("A-B", "x"), List.of("true"), Path.of("/w/.exit_code")))
        .hasMessageContaining("'A-B' is not a valid shell name");
  }

  @Test
  void placeholders_expandToThisNodesValues() {
    ContainerId id = new ContainerId(new ApplicationAttemptId(new ApplicationId(1L, 1), 1), 2);
    LaunchEnvironment env = new LaunchEnvironment(new NodeId("h", 4), "8042", "/jdk", "/weft/lib/*",
        Optional.of("/weft"));
    ContainerDirs dirs = ContainerDirs.of(Path.of("/l"), Path.of("/logs"), "bob", id);

    assertThat(env.expand(Placeholders.JAVA + " -cp " + Placeholders.WEFT_CLASSPATH + ":" + Placeholders.PWD
        + "/x > " + Placeholders.LOG_DIR + "/out", dirs))
        .isEqualTo("/jdk/bin/java -cp /weft/lib/*:/l/usercache/bob/appcache/application_1_0001/"
            + "container_1_0001_01_000002/x > /logs/application_1_0001/container_1_0001_01_000002/out");
    assertThat(env.standardEnv(id, "bob", dirs)).containsEntry("CONTAINER_ID", id.toString())
        .containsEntry("NM_HOST", "h").containsEntry("NM_PORT", "4").containsEntry("NM_HTTP_PORT", "8042")
        .containsEntry("USER", "bob").containsEntry("WEFT_HOME", "/weft")
        .containsEntry("LOG_DIRS", dirs.logDir().toString()).containsEntry("PWD", dirs.workDir().toString());
  }
}
