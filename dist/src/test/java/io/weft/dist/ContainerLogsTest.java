package io.weft.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogsTest {
  private static final ApplicationId APP = ApplicationId.parse("application_1700000000000_0001");
  private static final String FIRST_AM = "container_1700000000000_0001_01_000001";
  private static final String SECOND_AM = "container_1700000000000_0001_02_000001";
  private static final String EXECUTOR = "container_1700000000000_0001_01_000002";

  @TempDir
  Path work;

  @Test
  void findsEachContainersLog_underTheNodeManagersLogDirectories_andTheNewestAmsLog() throws IOException {
    Path first = log("nm-0", APP.toString(), FIRST_AM);
    Path executor = log("nm-1", APP.toString(), EXECUTOR);
    Path second = log("nm-1", APP.toString(), SECOND_AM);
    log("nm-0", "application_1700000000000_0002", "container_1700000000000_0002_01_000001");
    Path local = Files.createDirectories(
        work.resolve("nm-0/local/filecache").resolve(APP.toString()).resolve(FIRST_AM));
    Files.writeString(local.resolve("stdout"), "a file the container was given, not its log");
    Files.writeString(work.resolve("rm-state"), "not a node manager's directory");

    assertThat(ContainerLogs.all(work, APP, "stdout")).containsExactly(first, executor, second);
    assertThat(ContainerLogs.amLog(work, APP, "stdout")).contains(second);
  }

  @Test
  void anApplicationWithoutLogs_orAWorkDirectoryNotThere_findsNone() {
    assertThat(ContainerLogs.all(work, APP, "stdout")).isEmpty();
    assertThat(ContainerLogs.amLog(work.resolve("gone"), APP, "stdout")).isEmpty();
  }

  private Path log(String nm, String app, String container) throws IOException {
    Path dir = Files.createDirectories(work.resolve(nm).resolve("logs").resolve(app).resolve(container));
    return Files.writeString(dir.resolve("stdout"), container);
  }
}
