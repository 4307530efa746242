package io.weft.driver.rpc;

import io.weft.driver.client.LauncherListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What DriverService offers besides executor sessions: settings for executors, the jars and files
 * they must fetch (names served by FetchFile, from {@code served}), and the ExecutorLauncher
 * session in client mode.
 */
public record DriverServices(Map<String, String> executorConf, List<String> jars, List<String> files,
    Map<String, Path> served, Optional<LauncherListener> launcher) {
  public DriverServices {
    executorConf = Map.copyOf(executorConf);
    jars = List.copyOf(jars);
    files = List.copyOf(files);
    served = Map.copyOf(served);
  }

  /** Cluster mode: executors find their jar in their working directory; no launcher. */
  public static DriverServices none() {
    return new DriverServices(Map.of(), List.of(), List.of(), Map.of(), Optional.empty());
  }
}
