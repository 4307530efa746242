package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.launch.JvmContainer;
import io.weft.common.launch.Placeholders;
import io.weft.common.resource.Resource;
import io.weft.nm.launch.ProcessGroups;
import io.weft.nm.testing.FakeResourceManager;
import io.weft.nm.testing.WarmProbe;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerStatus;
import io.weft.proto.LocalResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm JVMs on a real NodeManager, containers as real processes: a container of Weft's JVM command shape
 * whose heap the pool keeps runs in a JVM started ahead, and nothing it or the NodeManager sees differs
 * from a cold launch of the same command (another heap size starts cold, for the comparison).
 */
class WarmJvmTest {
  private static final long WARM_HEAP_MB = 64;
  private static final long COLD_HEAP_MB = 80;
  private static final Duration POOL_WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;
  private FakeResourceManager rm;
  private NmHarness h;

  @BeforeEach
  void startRm() {
    rm = new FakeResourceManager();
    rm.start();
  }

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    rm.close();
  }

  private void startNm() {
    startNm(1);
  }

  /** Keeps one warm JVM of {@link #WARM_HEAP_MB}, up to {@code maxCount} after bursts of launches. */
  private void startNm(int maxCount) {
    Map<String, String> conf = new HashMap<>();
    conf.put(NmKeys.WARM_JVMS_ENABLED.key(), "true");
    conf.put(NmKeys.WARM_JVMS_HEAPS.key(), WARM_HEAP_MB + "m");
    conf.put(NmKeys.WARM_JVMS_COUNT.key(), "1");
    conf.put(NmKeys.WARM_JVMS_MAX_COUNT.key(), Integer.toString(maxCount));
    conf.put(NmKeys.CONTAINER_MONITOR_INTERVAL.key(), "100");
    h = new NmHarness(dir, rm, conf);
    h.awaitRegistered();
  }

  private int ready() {
    return h.nm.warmJvms().readyByHeapMb().get(WARM_HEAP_MB);
  }

  /** Weft's JVM command for the probe, with a system property and an environment variable using {{PWD}}. */
  private static ContainerLaunchContext.Builder probe(long heapMb, String... args) {
    List<String> command = new ArrayList<>(JvmContainer.command(heapMb, WarmProbe.class.getName()));
    command.add(command.size() - 1, "-Dprobe.flag=flag in {{PWD}}");
    command.addAll(List.of(args));
    return ContainerLaunchContext.newBuilder().addAllCommand(command).putEnvironment("PROBE_VAR", "var in {{PWD}}");
  }

  /** The pid of a ready idle warm JVM other than {@code excluded}, once there is one. */
  private long awaitReadyJvm(Set<Long> excluded) {
    return await("a ready warm JVM other than " + excluded).atMost(POOL_WAIT)
        .until(() -> h.nm.warmJvmPool().readyPids().stream().filter(pid -> !excluded.contains(pid)).findFirst(),
            found -> found.isPresent())
        .orElseThrow();
  }

  private String stdout(ContainerId id) throws Exception {
    return Files.readString(h.logFile(id, "stdout"));
  }

  /** {@code text} with the container's working dir and id replaced, to compare two containers' outputs. */
  private String normalized(String text, ContainerId id) {
    return text.replace(h.workDir(id).toString(), "<workdir>").replace(id.toString(), "<container>");
  }

  @Test
  void warmLaunch_seesWhatAColdLaunchSees_environmentWorkingDirPropertiesArgsLogsAndExitCode() throws Exception {
    startNm();
    long warmPid = awaitReadyJvm(Set.of());

    ContainerId warm = h.run(1, Resource.of(512, 1), probe(WARM_HEAP_MB, "report", "3", "a b", "c"));
    ContainerId cold = h.run(2, Resource.of(512, 1), probe(COLD_HEAP_MB, "report", "3", "a b", "c"));
    ContainerStatus warmStatus = h.awaitComplete(warm);
    ContainerStatus coldStatus = h.awaitComplete(cold);

    assertThat(h.nm.containers().report(warm).pid()).as("the warm container's process is the claimed JVM's")
        .isEqualTo(warmPid);
    assertThat(warmStatus.getExitStatus()).isEqualTo(3).isEqualTo(coldStatus.getExitStatus());
    assertThat(warmStatus.getDiagnostics()).isEqualTo(coldStatus.getDiagnostics().replace(cold.toString(),
        warm.toString()));
    String warmOut = stdout(warm);
    assertThat(warmOut).contains("CONTAINER_ID=" + warm, "PROBE_VAR=var in " + h.workDir(warm),
        "workingDirectory=" + h.workDir(warm), "user.dir=" + h.workDir(warm), "absolute=" + h.workDir(warm),
        "file=" + h.workDir(warm), "probe.flag=flag in " + h.workDir(warm), "args=a b c", "PATH set=true");
    assertThat(normalized(warmOut, warm)).isEqualTo(normalized(stdout(cold), cold));
    assertThat(Files.readString(h.logFile(warm, "stderr"))).isEqualTo("to stderr\n")
        .isEqualTo(Files.readString(h.logFile(cold, "stderr")));
    assertThat(h.workDir(warm).resolve("written-relative.txt")).hasContent("here");
    assertThat(h.workDir(warm).resolve(".exit_code")).hasContent("3");
    assertThat(h.nm.warmJvms().warmLaunches()).isEqualTo(1);
    assertThat(h.nm.warmJvms().coldLaunches()).isEqualTo(1);
  }

  /**
   * A user's AM as {@code AppSubmission.javaCommand} builds it: {@code {{PWD}}/user.jar} (localized) before Weft's
   * class path, with a main class only that jar has, which reports how it sees its class path.
   */
  private ContainerLaunchContext.Builder userJvm(long heapMb, Path jar) {
    return ContainerLaunchContext.newBuilder()
        .addAllCommand(List.of(Placeholders.JAVA, "-Xmx" + heapMb + "m", "-cp",
            Placeholders.PWD + "/user.jar:" + Placeholders.WEFT_CLASSPATH, Placeholders.WEFT_JVM_OPTIONS, "UserMain"))
        .putLocalResources("user.jar", LocalResource.newBuilder().setUri(jar.toUri().toString()).build());
  }

  /** A jar of {@code UserMain}, compiled here so that no class path of the test has it, and {@code files}. */
  private Path userJar(String name, Map<String, byte[]> files) throws Exception {
    Path src = Files.createDirectories(dir.resolve("user-src-" + name));
    Files.writeString(src.resolve("UserMain.java"), """
        public class UserMain {
          public static void main(String[] args) throws Exception {
            System.out.println("system loader=" + (UserMain.class.getClassLoader() == ClassLoader.getSystemClassLoader()));
            System.out.println("forName=" + Class.forName("UserMain").getName());
            try (var in = ClassLoader.getSystemResourceAsStream("user-resource.txt")) {
              System.out.println("resource=" + new String(in.readAllBytes()));
            }
            System.out.println("first on java.class.path=" + System.getProperty("java.class.path").split(":")[0]);
            System.out.println("Weft's=" + Class.forName("io.weft.nm.testing.WarmProbe").getSimpleName());
          }
        }
        """);
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", src.toString(),
        src.resolve("UserMain.java").toString())).isZero();
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      Map<String, byte[]> entries = new LinkedHashMap<>(files);
      entries.put("UserMain.class", Files.readAllBytes(src.resolve("UserMain.class")));
      entries.put("user-resource.txt", "from the user's jar".getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        out.putNextEntry(new JarEntry(entry.getKey()));
        out.write(entry.getValue());
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void aUsersJarBeforeWeftsClassPath_runsWarmAsItRunsCold_unlessItHoldsAFileOfWeftsWithOtherContent()
      throws Exception {
    Path jar = userJar("user.jar", Map.of());
    startNm();
    long warmPid = awaitReadyJvm(Set.of());
    await("Weft's class path indexed").atMost(POOL_WAIT).until(() -> h.nm.warmJvmPool().weftClassPath().isPresent());

    ContainerId warm = h.run(1, Resource.of(512, 1), userJvm(WARM_HEAP_MB, jar));
    ContainerId cold = h.run(2, Resource.of(512, 1), userJvm(COLD_HEAP_MB, jar));
    assertThat(h.awaitComplete(warm).getExitStatus()).isZero();
    assertThat(h.awaitComplete(cold).getExitStatus()).isZero();
    assertThat(h.nm.containers().report(warm).pid()).isEqualTo(warmPid);
    assertThat(stdout(warm)).contains("system loader=true", "forName=UserMain", "resource=from the user's jar",
        "first on java.class.path=" + h.workDir(warm).resolve("user.jar"), "Weft's=WarmProbe");
    assertThat(normalized(stdout(warm), warm)).isEqualTo(normalized(stdout(cold), cold));
    assertThat(h.nm.warmJvms().warmLaunches()).isEqualTo(1);

    // Weft's probe class with other bytes: a cold JVM takes the jar's, a warm one would take Weft's, so it starts
    // cold, and fails as it must: UserMain loads the jar's broken copy
    Path shadowing = userJar("shadowing.jar", Map.of(WarmProbe.class.getName().replace('.', '/') + ".class",
        "not the probe".getBytes(StandardCharsets.UTF_8)));
    long next = awaitReadyJvm(Set.of(warmPid));
    ContainerId shadowed = h.run(3, Resource.of(512, 1), userJvm(WARM_HEAP_MB, shadowing));
    assertThat(h.awaitComplete(shadowed).getExitStatus()).isEqualTo(1);
    assertThat(h.nm.containers().report(shadowed).pid()).isNotEqualTo(next);
    assertThat(stdout(shadowed)).contains("resource=from the user's jar").doesNotContain("Weft's=WarmProbe");
    assertThat(Files.readString(h.logFile(shadowed, "stderr"))).contains("ClassFormatError");
    assertThat(h.nm.warmJvms().warmLaunches()).isEqualTo(1);
    assertThat(h.nm.warmJvms().coldLaunches()).isEqualTo(2);
  }

  @Test
  void claimedJvm_isNeverReused_andThePoolRefillsWithANewOne() throws Exception {
    startNm();
    long first = awaitReadyJvm(Set.of());
    ContainerId one = h.run(1, Resource.of(512, 1), probe(WARM_HEAP_MB, "report", "0"));
    assertThat(h.awaitComplete(one).getExitStatus()).isZero();
    assertThat(h.nm.containers().report(one).pid()).isEqualTo(first);

    long second = awaitReadyJvm(Set.of(first));
    ContainerId two = h.run(2, Resource.of(512, 1), probe(WARM_HEAP_MB, "report", "0"));
    assertThat(h.awaitComplete(two).getExitStatus()).isZero();
    assertThat(h.nm.containers().report(two).pid()).isEqualTo(second).isNotEqualTo(first);
    assertThat(h.nm.warmJvms().warmLaunches()).isEqualTo(2);
  }

  @Test
  void uncaughtException_exitsOneWithTheStackTraceOnStderr_asTheJavaLauncherDoes() throws Exception {
    startNm();
    awaitReadyJvm(Set.of());
    ContainerId warm = h.run(1, Resource.of(512, 1), probe(WARM_HEAP_MB, "throw"));
    ContainerId cold = h.run(2, Resource.of(512, 1), probe(COLD_HEAP_MB, "throw"));
    assertThat(h.awaitComplete(warm).getExitStatus()).isEqualTo(1);
    assertThat(h.awaitComplete(cold).getExitStatus()).isEqualTo(1);
    String expected = "Exception in thread \"main\" java.lang.IllegalStateException: boom from the probe";
    assertThat(Files.readString(h.logFile(warm, "stderr"))).startsWith(expected);
    assertThat(Files.readString(h.logFile(cold, "stderr"))).startsWith(expected);
    assertThat(h.nm.warmJvms().warmLaunches()).isEqualTo(1);
  }

  @Test
  void stop_sendsSigtermToTheWarmContainersGroupThenSigkill() throws Exception {
    startNm();
    long pid = awaitReadyJvm(Set.of());
    ContainerId id = h.run(1, Resource.of(512, 1), probe(WARM_HEAP_MB, "hang"));
    await("the probe hangs").atMost(POOL_WAIT).until(() -> stdout(id).contains("hanging"));
    assertThat(h.nm.containers().report(id).pid()).isEqualTo(pid);

    h.nm.containers().stop(id, 0, "");

    assertThat(h.awaitComplete(id).getExitStatus()).isEqualTo(ExitStatus.SIGTERM);
    assertThat(stdout(id)).contains("shutdown hook ran");
    await("the group of " + pid + " is gone").atMost(POOL_WAIT)
        .until(() -> !ProcessGroups.signal(pid, "0"));
  }

  @Test
  void warmContainerOverItsMemory_isKilledByTheMonitorWithMinus104() {
    startNm();
    awaitReadyJvm(Set.of());
    ContainerId id = h.run(1, Resource.of(256, 1), probe(WARM_HEAP_MB, "hold", "400"));
    ContainerStatus status = h.awaitComplete(id);
    assertThat(status.getExitStatus()).isEqualTo(ExitStatus.KILLED_EXCEEDED_PMEM);
    assertThat(h.nm.warmJvms().warmLaunches()).isEqualTo(1);
  }

  @Test
  void warmJvmThatDiesIdle_isReplaced() {
    startNm();
    long first = awaitReadyJvm(Set.of());
    ProcessGroups.signal(first, "KILL");
    long replacement = awaitReadyJvm(Set.of(first));
    assertThat(replacement).isNotEqualTo(first);
    assertThat(h.nm.warmJvms().warmLaunches()).isZero();
  }

  @Test
  void nodeManagerStop_killsItsIdleWarmJvms() {
    startNm();
    long pid = awaitReadyJvm(Set.of());
    h.close();
    h = null;
    await("warm JVM group " + pid + " is killed").atMost(POOL_WAIT).until(() -> !ProcessGroups.signal(pid, "0"));
  }

  @Test
  void aLaunchHoldsTheWarmUpOfAJvmNotReady_whichGoesOnOnceTheNodeIsQuiet() throws Exception {
    startNm();
    // the pool's first JVM has only just started: a launch now must not compete with its warm-up
    Path warming = dir.resolve("local").resolve(".warm-jvms").resolve(WARM_HEAP_MB + "m-1");
    ContainerId cold = h.run(1, Resource.of(512, 1), probe(COLD_HEAP_MB, "report", "0"));

    await("the warm-up waits, held").atMost(POOL_WAIT)
        .until(() -> Files.exists(warming.resolve(".warm-held")) || Files.exists(warming.resolve(".warm-ready")));
    assertThat(warming.resolve(".warm-ready")).as("held before it was ready").doesNotExist();
    assertThat(h.awaitComplete(cold).getExitStatus()).isZero();

    awaitReadyJvm(Set.of());
    assertThat(warming.resolve(".warm-held")).doesNotExist();
    assertThat(warming.resolve(".warm-hold")).doesNotExist();
    ContainerId warm = h.run(2, Resource.of(512, 1), probe(WARM_HEAP_MB, "report", "0"));
    assertThat(h.awaitComplete(warm).getExitStatus()).isZero();
    assertThat(h.nm.warmJvms().warmLaunches()).isEqualTo(1);
    assertThat(h.workDir(warm).resolve(".warm-held")).doesNotExist();
  }

  @Test
  void idleJvmsAPreviousNodeManagerLeft_areKilledAndTheirDirsDeleted_notAdopted() throws Exception {
    // What a crashed NodeManager leaves: a process group whose working dir is still in the pool's dir.
    Path leftoverDir = Files.createDirectories(dir.resolve("local").resolve(".warm-jvms").resolve("64m-of-a-previous-run"));
    Process leftover = new ProcessBuilder("setsid", "sleep", "600").directory(leftoverDir.toFile()).start();
    try {
      startNm();
      await("the leftover warm JVM " + leftover.pid() + " is killed").atMost(POOL_WAIT)
          .until(() -> !leftover.isAlive());
      await("its dir is deleted").atMost(POOL_WAIT).until(() -> !Files.exists(leftoverDir));
      assertThat(awaitReadyJvm(Set.of())).isNotEqualTo(leftover.pid());
    } finally {
      leftover.destroyForcibly();
    }
  }

  @Test
  void log4jConfiguredBeforeTheClaim_logsIntoTheContainersStderr_andHonoursTheClaimsProperties() throws Exception {
    startNm();
    awaitReadyJvm(Set.of());
    ContainerId warm = h.run(1, Resource.of(512, 1), probe(WARM_HEAP_MB, "log"));
    ContainerId cold = h.run(2, Resource.of(512, 1), probe(COLD_HEAP_MB, "log"));
    assertThat(h.awaitComplete(warm).getExitStatus()).isZero();
    assertThat(h.awaitComplete(cold).getExitStatus()).isZero();
    assertThat(h.nm.warmJvms().warmLaunches()).isEqualTo(1);
    assertThat(Files.readString(h.logFile(warm, "stderr"))).contains("info logged by " + warm,
        "warning logged by " + warm);
    assertThat(Files.readString(h.logFile(cold, "stderr"))).contains("info logged by " + cold);

    // A property the configuration looks up (${sys:weft.log.level}), set by the claim after log4j was configured.
    awaitReadyJvm(Set.of());
    List<String> command = new ArrayList<>(JvmContainer.command(WARM_HEAP_MB, WarmProbe.class.getName()));
    command.add(command.size() - 1, "-Dweft.log.level=WARN");
    command.add("log");
    ContainerId quiet = h.run(3, Resource.of(512, 1), ContainerLaunchContext.newBuilder().addAllCommand(command));
    assertThat(h.awaitComplete(quiet).getExitStatus()).isZero();
    assertThat(h.nm.warmJvms().warmLaunches()).isEqualTo(2);
    assertThat(Files.readString(h.logFile(quiet, "stderr"))).contains("warning logged by " + quiet)
        .doesNotContain("info logged by");
  }

  @Test
  void aBurstOfLaunches_growsThePoolSoTheNextBurstStartsWarm_withinTheMemoryContainersLeave() {
    startNm(3);
    awaitReadyJvm(Set.of());
    List<ContainerId> first = List.of(h.run(1, Resource.of(512, 1), probe(WARM_HEAP_MB, "report", "0")),
        h.run(2, Resource.of(512, 1), probe(WARM_HEAP_MB, "report", "0")),
        h.run(3, Resource.of(512, 1), probe(WARM_HEAP_MB, "report", "0")));
    first.forEach(h::awaitComplete);
    assertThat(h.nm.warmJvms().warmLaunches()).as("one JVM was kept").isEqualTo(1);
    assertThat(h.nm.warmJvms().targetByHeapMb()).containsEntry(WARM_HEAP_MB, 3);
    await("three ready warm JVMs").atMost(POOL_WAIT).until(this::ready, n -> n == 3);

    List<ContainerId> second = List.of(h.run(4, Resource.of(512, 1), probe(WARM_HEAP_MB, "report", "0")),
        h.run(5, Resource.of(512, 1), probe(WARM_HEAP_MB, "report", "0")),
        h.run(6, Resource.of(512, 1), probe(WARM_HEAP_MB, "report", "0")));
    second.forEach(h::awaitComplete);
    assertThat(h.nm.warmJvms().warmLaunches()).as("the second burst ran warm").isEqualTo(4);
    await("three ready warm JVMs again").atMost(POOL_WAIT).until(this::ready, n -> n == 3);

    // A container that leaves less than one extra JVM's heap unallocated: both extras go, the count stays.
    ContainerId big = h.run(7, Resource.of(8192 - WARM_HEAP_MB / 2, 1), probe(COLD_HEAP_MB, "hang"));
    await("the extra JVMs are stopped").atMost(POOL_WAIT).until(this::ready, n -> n == 1);
    h.nm.containers().stop(big, 0, "");
    h.awaitComplete(big);
    await("the pool grows back once the memory is free").atMost(POOL_WAIT).until(this::ready, n -> n == 3);
  }
}
