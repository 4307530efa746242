package io.weft.client.submit;

import static java.util.Objects.requireNonNull;

import io.weft.common.launch.AppMasterArgs.DeployMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code weft submit}: spark-submit's flags, with sizes already in MB.
 *
 * @param driverJavaOptions JVM options of the driver, already split into arguments
 * @param driverClassPath class path entries added for the driver
 * @param archives {@code path[#alias]} entries unpacked into the containers' working directories
 * @param supervise whether a failed driver is started again while attempts remain (cluster mode)
 */
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
    List<String> appArgs,
    List<String> driverJavaOptions,
    List<String> driverClassPath,
    List<String> archives,
    boolean supervise) {

  public SubmitOptions {
    requireNonNull(master, "master");
    requireNonNull(deployMode, "deployMode");
    requireNonNull(mainClass, "mainClass");
    requireNonNull(jar, "jar");
    conf = Map.copyOf(conf);
    appArgs = List.copyOf(appArgs);
    driverJavaOptions = List.copyOf(driverJavaOptions);
    driverClassPath = List.copyOf(driverClassPath);
    archives = List.copyOf(archives);
    if (name == null || name.isBlank()) {
      name = mainClass;
    }
    if (queue == null || queue.isBlank()) {
      queue = "default";
    }
  }

  /** Without driver JVM options, driver class path, archives or supervision. */
  public SubmitOptions(String master, DeployMode deployMode, String mainClass, String name, String queue,
      int numExecutors, long executorMemoryMb, int executorCores, long driverMemoryMb, int driverCores,
      Map<String, String> conf, Path jar, List<String> appArgs) {
    this(master, deployMode, mainClass, name, queue, numExecutors, executorMemoryMb, executorCores, driverMemoryMb,
        driverCores, conf, jar, appArgs, List.of(), List.of(), List.of(), false);
  }
}
