package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import io.weft.driver.client.LauncherListener;
import java.util.Map;
import java.util.Optional;

/**
 * What DriverService offers besides executor sessions: settings for executors, the jars and files
 * they must fetch ({@link FileServer}, through FetchFile), and the ExecutorLauncher session in
 * client mode.
 */
public record DriverServices(Map<String, String> executorConf, FileServer files,
    Optional<LauncherListener> launcher) {
  public DriverServices {
    executorConf = Map.copyOf(executorConf);
    requireNonNull(files, "files");
    requireNonNull(launcher, "launcher");
  }

  /** Nothing shipped yet and no launcher (cluster mode). */
  public static DriverServices none() {
    return new DriverServices(Map.of(), new FileServer(), Optional.empty());
  }
}
