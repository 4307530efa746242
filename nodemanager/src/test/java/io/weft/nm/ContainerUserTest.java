package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weft.common.config.ConfigException;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.nm.container.ContainerState;
import io.weft.nm.launch.ContainerDirs;
import io.weft.nm.testing.FakeResourceManager;
import io.weft.nm.testing.Processes;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerStatus;
import io.weft.proto.LocalResource;
import io.weft.proto.StartContainersResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers as their users on a real NodeManager running as root (container-executor=linux), with
 * accounts this test creates ({@code useradd}) and deletes ({@code userdel -r}): alice's container runs
 * with her uid, gid and groups, cannot read bob's container dir, is stopped and cleaned up by the root
 * NodeManager; root, system, banned and unknown users are refused and nothing of theirs runs. Needs
 * root (CI runs as root); elsewhere skipped with the reason.
 */
class ContainerUserTest {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ALICE = "weftalice" + SUFFIX;
  private static final String BOB = "weftbob" + SUFFIX;
  private static final String MALLORY = "weftmallory" + SUFFIX;
  /** A system account: uid below 1000. */
  private static final String DAEMON = "weftsys" + SUFFIX;
  private static final String GROUP = "weftgrp" + SUFFIX;
  private static final List<String> created = new ArrayList<>();
  private static boolean groupCreated;

  @TempDir Path dir;
  private FakeResourceManager rm;
  private NmHarness h;

  @BeforeAll
  static void createUsers() throws Exception {
    if (!ROOT) {
      return;
    }
    run("groupadd", GROUP);
    groupCreated = true;
    createUser(ALICE, "-m", "-U", "-G", GROUP);
    createUser(BOB, "-m", "-U");
    createUser(MALLORY, "-m", "-U");
    createUser(DAEMON, "-r", "-M", "-U");
  }

  private static void createUser(String name, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of("useradd"));
    command.addAll(List.of(options));
    command.add(name);
    run(command.toArray(String[]::new));
    created.add(name);
  }

  @AfterAll
  static void deleteUsers() throws Exception {
    for (String user : created) {
      run("userdel", "-r", user);
    }
    if (groupCreated) {
      run("groupdel", GROUP);
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(ROOT, "containers as their users need the NodeManager to run as root");
    // JUnit makes its temp dir 0700; the containers' users must be able to pass through it to their dirs.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    rm = new FakeResourceManager();
    rm.start();
  }

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    if (rm != null) {
      rm.close();
    }
  }

  private void startNm(Map<String, String> extra) {
    Map<String, String> conf = new HashMap<>(Map.of(NmKeys.CONTAINER_EXECUTOR.key(), "linux",
        NmKeys.BANNED_USERS.key(), "hdfs,yarn,mapred,bin," + MALLORY));
    conf.putAll(extra);
    h = new NmHarness(dir, rm, conf);
    h.awaitRegistered();
  }

  private ContainerId runAs(String user, long n, String script) {
    return runAs(user, n, ContainerLaunchContext.newBuilder().addAllCommand(List.of("bash", "-c", script)));
  }

  private ContainerId runAs(String user, long n, ContainerLaunchContext.Builder context) {
    ContainerId id = NmHarness.container(n);
    StartContainersResponse response = h.start(h.requestAs(user, id, Resource.of(256, 1), context.build()));
    assertThat(response.getSuccessfullyStartedContainersList()).as("%s", response.getFailedRequestsList())
        .containsExactly(id.toString());
    return id;
  }

  private String stdout(ContainerId id) throws IOException {
    return Files.readString(h.logFile(id, "stdout"));
  }

  @Test
  void container_runsWithItsUsersUidGidGroupsAndHome() throws Exception {
    startNm(Map.of());

    ContainerId id = runAs(ALICE, 1, "id -u; id -g; id -G; echo \"$HOME\"; echo \"$USER\"; echo \"$TMPDIR\"");
    ContainerStatus status = h.awaitComplete(id);

    assertThat(status.getExitStatus()).as(status.getDiagnostics()).isZero();
    List<String> lines = stdout(id).lines().toList();
    assertThat(lines.get(0)).isEqualTo(Integer.toString(uid(ALICE)));
    assertThat(lines.get(1)).isEqualTo(output("id", "-g", ALICE));
    assertThat(List.of(lines.get(2).split(" "))).contains(output("getent", "group", GROUP).split(":")[2]);
    assertThat(lines.get(3)).isEqualTo("/home/" + ALICE);
    assertThat(lines.get(4)).isEqualTo(ALICE);
    assertThat(lines.get(5)).as("nothing of the root NodeManager's environment beyond the launch context").isEmpty();
  }

  @Test
  void containerDirs_belongToTheUser_andTheDirsAboveThemLetOnlyTheUserIn() throws Exception {
    startNm(Map.of());

    ContainerId id = runAs(ALICE, 1, "touch made-by-the-container");
    h.awaitComplete(id);

    Path work = h.workDir(id, ALICE);
    assertThat(owner(work)).isEqualTo(uid(ALICE));
    assertThat(owner(work.resolve("made-by-the-container"))).isEqualTo(uid(ALICE));
    assertThat(mode(work)).isEqualTo("rwx------");
    Path logs = h.logFile(id, "stdout").getParent();
    assertThat(owner(logs)).isEqualTo(uid(ALICE));
    assertThat(owner(h.logFile(id, "stdout"))).isEqualTo(uid(ALICE));
    assertThat(mode(logs)).isEqualTo("rwx------");
    for (Path above : List.of(work.getParent(), work.getParent().getParent(), logs.getParent())) {
      assertThat(owner(above)).as("owner of %s", above).isZero();
      assertThat(Files.getAttribute(above, "unix:gid")).as("group of %s", above)
          .isEqualTo(Integer.parseInt(output("id", "-g", ALICE)));
      assertThat(mode(above)).as("mode of %s", above).isEqualTo("rwxr-x---");
    }
  }

  @Test
  void alicesContainer_cannotReadBobsContainerDir() throws Exception {
    startNm(Map.of());
    ContainerId bobs = runAs(BOB, 1, "echo bobs-secret > secret.txt; sleep 600");
    Path secret = h.workDir(bobs, BOB).resolve("secret.txt");
    await("bob's container writes its secret").atMost(Duration.ofSeconds(30)).until(() -> Files.exists(secret));

    ContainerId alices = runAs(ALICE, 2, "cat " + secret + "; ls " + h.logFile(bobs, "stdout").getParent());
    ContainerStatus status = h.awaitComplete(alices);

    assertThat(status.getExitStatus()).isNotZero();
    assertThat(stdout(alices)).doesNotContain("bobs-secret");
    assertThat(Files.readString(h.logFile(alices, "stderr")))
        .contains("cat: " + secret + ": Permission denied")
        .contains("Permission denied");
    assertThat(h.nm.containers().report(bobs).state()).isEqualTo(ContainerState.RUNNING);
  }

  @Test
  void root_systemUsers_bannedUsers_andUnknownUsers_areRefusedAndNothingOfTheirsRuns() {
    startNm(Map.of());
    Map<String, String> refusals = Map.of(
        "root", "of user 'root' refused: uid 0 (root) never runs containers",
        DAEMON, "of user '" + DAEMON + "' refused: its uid " + uid(DAEMON) + " is below weft.nodemanager.min-user-id"
            + "=1000 and the user is not in weft.nodemanager.allowed-system-users",
        MALLORY, "of user '" + MALLORY + "' refused: the user is banned (weft.nodemanager.banned-users=",
        "weftnobody" + SUFFIX, "of user 'weftnobody" + SUFFIX + "' refused: no user 'weftnobody" + SUFFIX
            + "' exists on this host",
        // A numeric name is a name, never a uid: getent would otherwise hand out the account of uid 1000.
        Integer.toString(uid(ALICE)), "of user '" + uid(ALICE) + "' refused: no user '" + uid(ALICE)
            + "' exists on this host");
    long n = 1;
    for (Map.Entry<String, String> refusal : refusals.entrySet()) {
      ContainerId id = NmHarness.container(n++);
      StartContainersResponse response = h.start(h.requestAs(refusal.getKey(), id, Resource.of(256, 1),
          ContainerLaunchContext.newBuilder().addAllCommand(List.of("bash", "-c", "touch /tmp/ran-" + id)).build()));

      assertThat(response.getSuccessfullyStartedContainersList()).as(refusal.getKey()).isEmpty();
      assertThat(response.getFailedRequests(0).getMessage()).contains(id + " " + refusal.getValue());
      assertThat(h.nm.containers().reports()).as("nothing of %s is tracked", refusal.getKey()).isEmpty();
      assertThat(h.workDir(id, refusal.getKey())).doesNotExist();
      assertThat(Path.of("/tmp/ran-" + id)).doesNotExist();
    }
    // The node serves on.
    ContainerId alices = runAs(ALICE, n, "id -u");
    assertThat(h.awaitComplete(alices).getExitStatus()).isZero();
  }

  @Test
  void systemUserInAllowedSystemUsers_runsAsItself() throws Exception {
    startNm(Map.of(NmKeys.ALLOWED_SYSTEM_USERS.key(), DAEMON));

    ContainerId id = runAs(DAEMON, 1, "id -u");

    assertThat(h.awaitComplete(id).getExitStatus()).isZero();
    assertThat(stdout(id).trim()).isEqualTo(Integer.toString(uid(DAEMON)));
  }

  @Test
  void stop_killsTheUsersWholeProcessGroup_andCleanupDeletesTheUsersFiles() throws Exception {
    startNm(Map.of());
    ContainerId id = runAs(ALICE, 1, "mkdir -p deep/er; echo x > deep/er/file; sleep 600 & sleep 600; wait");
    long pid = h.pid(id);
    await("both sleeps run").atMost(Duration.ofSeconds(30)).until(() -> Processes.descendants(pid).stream()
        .filter(p -> p.info().command().orElse("").endsWith("sleep")).count() == 2);
    List<ProcessHandle> tree = Processes.descendants(pid);
    assertThat(tree).allSatisfy(p -> assertThat(p.info().user()).contains(ALICE));

    h.nm.containers().stop(id, 0, "");
    ContainerStatus status = h.awaitComplete(id);

    assertThat(status.getExitStatus()).isEqualTo(ExitStatus.SIGTERM);
    assertThat(Processes.isRunning(pid)).isFalse();
    assertThat(tree).noneMatch(p -> Processes.isRunning(p.pid()));

    Path appDir = ContainerDirs.appCacheDir(h.nm.localDir(), ALICE, id.applicationId());
    h.nm.containers().cleanupApplication(id.applicationId());
    await("the application's dirs, with alice's files, are deleted").atMost(Duration.ofSeconds(30))
        .until(() -> !Files.exists(appDir));
  }

  @Test
  void restartedNodeManager_reattachesToTheUsersContainer_andReadsTheExitCodeItsUserWrote() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Map<String, String> recovery = Map.of(NmKeys.ADDRESS.key(), "127.0.0.1:" + port,
        NmKeys.RECOVERY_ENABLED.key(), "true");
    startNm(recovery);
    Path release = dir.resolve("release");
    ContainerId id = runAs(ALICE, 1, "while [ ! -e " + release + " ]; do sleep 0.05; done; exit 7");
    long pid = h.pid(id);
    h.close();
    h = null;
    assertThat(Processes.isRunning(pid)).as("the container outlives its NodeManager (supervised stop)").isTrue();

    startNm(recovery);
    assertThat(h.nm.containers().report(id).state()).isEqualTo(ContainerState.RUNNING);
    Files.createFile(release);
    ContainerStatus status = h.awaitComplete(id);

    assertThat(status.getExitStatus()).as(status.getDiagnostics()).isEqualTo(7);
  }

  @Test
  void containerOverItsMemory_asItsUser_isKilledByTheMonitorWithMinus104() {
    startNm(Map.of(NmKeys.CONTAINER_MONITOR_INTERVAL.key(), "100"));

    ContainerId hog = runAs(ALICE, 1, "head -c 3G /dev/zero | tail -n 1 > /dev/null");
    ContainerStatus status = h.awaitComplete(hog);

    assertThat(status.getExitStatus()).as(status.getDiagnostics()).isEqualTo(ExitStatus.KILLED_EXCEEDED_PMEM);
  }

  @Test
  void withCgroups_theContainerJoinsItsCgroupBeforeBecomingItsUser() throws Exception {
    Path cgroupMount = Path.of("/sys/fs/cgroup");
    boolean v2 = Files.exists(cgroupMount.resolve("cgroup.controllers"));
    Path memory = v2 ? cgroupMount : cgroupMount.resolve("memory");
    assumeTrue(Files.exists(memory.resolve(v2 ? "cgroup.procs" : "memory.limit_in_bytes")) && Files.isWritable(memory),
        "needs the memory and cpu cgroup controllers under " + cgroupMount);
    String hierarchy = "weft-user-test-" + SUFFIX;
    startNm(Map.of(NmKeys.CGROUPS_ENABLED.key(), "true", NmKeys.CGROUPS_HIERARCHY.key(), hierarchy));
    try {
      // A process may not move itself into a cgroup it cannot write: only the root wrapper can have put it there.
      ContainerId id = runAs(ALICE, 1, "cat /proc/self/cgroup; id -u");

      assertThat(h.awaitComplete(id).getExitStatus()).isZero();
      assertThat(stdout(id)).contains("/" + hierarchy + "/" + id + "\n").endsWith(uid(ALICE) + "\n");
    } finally {
      h.close();
      h = null;
      for (Path root : v2 ? List.of(memory.resolve(hierarchy))
          : List.of(memory.resolve(hierarchy), cgroupMount.resolve("cpu").resolve(hierarchy))) {
        await("the containers' cgroups are removed from " + root).atMost(Duration.ofSeconds(10))
            .until(() -> !Files.isDirectory(root) || Files.list(root).noneMatch(Files::isDirectory));
        Files.deleteIfExists(root);
      }
    }
  }

  @Test
  void fileResource_isReadWithTheUsersRights() throws Exception {
    startNm(Map.of());
    Path readable = dir.resolve("readable.txt");
    Files.writeString(readable, "for everyone");
    Path rootsOnly = dir.resolve("roots-only.txt");
    Files.writeString(rootsOnly, "root's secret");
    Files.setPosixFilePermissions(rootsOnly, PosixFilePermissions.fromString("rw-------"));

    ContainerId ok = runAs(ALICE, 1, ContainerLaunchContext.newBuilder().addAllCommand(List.of("cat", "r.txt"))
        .putLocalResources("r.txt", LocalResource.newBuilder().setUri(readable.toUri().toString()).build()));
    ContainerId refused = runAs(ALICE, 2, ContainerLaunchContext.newBuilder().addAllCommand(List.of("cat", "s.txt"))
        .putLocalResources("s.txt", LocalResource.newBuilder().setUri(rootsOnly.toUri().toString()).build()));

    assertThat(h.awaitComplete(ok).getExitStatus()).isZero();
    assertThat(stdout(ok)).isEqualTo("for everyone");
    ContainerStatus status = h.awaitComplete(refused);
    assertThat(status.getExitStatus()).isEqualTo(ExitStatus.INVALID);
    assertThat(status.getDiagnostics()).contains("cannot localize resource 's.txt'")
        .contains("user '" + ALICE + "' cannot read " + rootsOnly).contains("Permission denied");
    assertThat(h.workDir(refused, ALICE).resolve("s.txt")).doesNotExist();
  }

  @Test
  void localDirOthersCannotReach_stopsTheNodeManagerAtStart_namingTheDir() throws IOException {
    Path closed = Files.createDirectory(dir.resolve("closed"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));

    assertThatThrownBy(() -> startNm(Map.of(NmKeys.LOCAL_DIRS.key(), closed.resolve("local").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("containers of other users cannot reach " + closed.resolve("local") + " because "
            + closed + " has mode rwx------");
    assertThat(rm.registrations).as("a node that cannot run containers as their users never joins").isEmpty();
  }

  @Test
  void defaultExecutor_runsEveryContainerAsTheNodeManagersUser() throws Exception {
    h = new NmHarness(dir, rm, Map.of());
    h.awaitRegistered();

    ContainerId id = runAs(ALICE, 1, "id -u");

    assertThat(h.awaitComplete(id).getExitStatus()).isZero();
    assertThat(stdout(id).trim()).isEqualTo("0");
    assertThat(owner(h.workDir(id, ALICE))).isZero();
  }

  private static int uid(String user) {
    try {
      return Integer.parseInt(output("id", "-u", user));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int owner(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  private static String output(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  private static void run(String... command) throws Exception {
    output(command);
  }
}
