package io.weft.nm.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.nm.launch.ContainerDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both ways of becoming the container's user, {@code setpriv} and the {@code runuser} fallback, run the
 * launch script with the user's uid and hand the dirs over. Needs root; the user is made and removed here.
 */
class SwitchUserTest {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
  private static final String USER = "weftswitch" + UUID.randomUUID().toString().substring(0, 6);
  private static boolean created;

  @BeforeAll
  static void createUser() throws Exception {
    if (ROOT) {
      created = run("useradd", "-m", "-U", USER) == 0;
    }
  }

  @AfterAll
  static void deleteUser() throws Exception {
    if (created) {
      run("userdel", "-r", USER);
    }
  }

  @ParameterizedTest
  @EnumSource(LinuxContainerExecutor.SwitchUser.class)
  void launchScript_runsAsTheUser_inDirsHandedToTheUser(LinuxContainerExecutor.SwitchUser switchUser,
      @TempDir Path dir) throws Exception {
    assumeTrue(ROOT && created, "needs root to create a user and switch to it");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    LinuxContainerExecutor executor = new LinuxContainerExecutor(new ContainerUserPolicy(1000, Set.of(), Set.of()),
        switchUser);
    ContainerId id = new ContainerId(new ApplicationAttemptId(new ApplicationId(1, 1), 1), 1);
    ContainerDirs dirs = ContainerDirs.of(dir.resolve("local"), dir.resolve("logs"), USER, id);

    executor.createDirs(USER, dirs);
    Process process = executor.launch(USER, dirs, Map.of(), List.of("bash", "-c", "id -un; touch mine"), List.of());

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(dirs.logDir().resolve("stderr"))).isZero();
    assertThat(Files.readString(dirs.logDir().resolve("stdout")).trim()).isEqualTo(USER);
    assertThat(Files.getOwner(dirs.workDir().resolve("mine")).getName()).isEqualTo(USER);
    assertThat(Files.getOwner(dirs.logDir().resolve("stdout")).getName()).isEqualTo(USER);
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
