package io.weft.driver.executor;

import io.weft.common.id.HostPort;
import io.weft.common.security.AuthHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts executors as real child JVMs on the test's class path and kills each one by pid after
 * the test. Use with {@code @RegisterExtension}.
 */
public final class ExecutorProcesses implements AfterEachCallback {
  private final List<Process> started = new ArrayList<>();

  public Process start(HostPort driver, String executorId, int cores, String secret, Path logDir,
      String... extraArgs) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), ExecutorMain.class.getName()));
    command.addAll(new ExecutorArgs(driver, executorId, cores, "application_1_0001",
        java.util.Optional.empty()).toArgs());
    command.addAll(List.of(extraArgs));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(logDir.resolve("executor-" + executorId + ".out").toFile())
        .redirectError(logDir.resolve("executor-" + executorId + ".err").toFile());
    builder.environment().put(AuthHeaders.APP_SECRET_ENV, secret);
    try {
      Process process = builder.start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    for (Process process : started) {
      ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
      process.waitFor(10, TimeUnit.SECONDS);
    }
    started.clear();
  }
}
