package io.weft.client.submit;

import static java.util.Objects.requireNonNull;

import io.weft.common.launch.AppMasterArgs.DeployMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A validated {@code weft submit}: spark-submit's flags, with sizes already in MB. */
public record SubmitOptions(
    String master,
    DeployMode deployMode,
    String mainClass,
    String name,
    String queue,
    int numExecutors,
    long executorMemoryMb,
    int executorCores,
    long driverMemoryMb,
    int driverCores,
    Map<String, String> conf,
    Path jar,
    List<String> appArgs) {

  public SubmitOptions {
    requireNonNull(master, "master");
    requireNonNull(deployMode, "deployMode");
    requireNonNull(mainClass, "mainClass");
    requireNonNull(jar, "jar");
    conf = Map.copyOf(conf);
    appArgs = List.copyOf(appArgs);
    if (name == null || name.isBlank()) {
      name = mainClass;
    }
    if (queue == null || queue.isBlank()) {
      queue = "default";
    }
  }
}
