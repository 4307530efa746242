package io.weft.nm;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.resource.Resource;
import io.weft.nm.launch.CdsArchives;
import io.weft.nm.launch.WeftJvmOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The NodeManager's validated configuration, with every default resolved. */
public record NmConfig(
    HostPort bindAddress,
    HostPort rmAddress,
    String webappAddress,
    Resource capability,
    Path localDir,
    Path logDir,
    String containerClasspath,
    String javaHome,
    Optional<String> weftHome,
    Duration sigkillDelay,
    Duration rpcTimeout,
    Duration rmRetryInterval,
    Duration fetchTimeout,
    String weftJvmOptions,
    Optional<Path> cdsDir) {

  public NmConfig {
    requireNonNull(bindAddress);
    requireNonNull(rmAddress);
    requireNonNull(webappAddress);
    requireNonNull(capability);
    requireNonNull(localDir);
    requireNonNull(logDir);
    requireNonNull(containerClasspath);
    requireNonNull(javaHome);
    requireNonNull(weftHome);
    requireNonNull(sigkillDelay);
    requireNonNull(rpcTimeout);
    requireNonNull(rmRetryInterval);
    requireNonNull(fetchTimeout);
    requireNonNull(weftJvmOptions);
    requireNonNull(cdsDir);
  }

  public static NmConfig from(WeftConfig config) {
    Optional<String> weftHome = Optional.ofNullable(System.getenv("WEFT_HOME")).filter(s -> !s.isBlank());
    Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "weft-nm-" + System.getProperty("user.name"));
    String classpath = config.get(NmKeys.CONTAINER_CLASSPATH);
    if (classpath.isBlank()) {
      classpath = weftHome.map(h -> Path.of(h, "lib") + "/*").orElse(System.getProperty("java.class.path"));
    }
    String javaHome = config.get(NmKeys.JAVA_HOME);
    return new NmConfig(
        HostPort.parse(config.get(NmKeys.ADDRESS), NmKeys.ADDRESS.key()),
        HostPort.parse(config.get(CommonKeys.RM_ADDRESS), CommonKeys.RM_ADDRESS.key()),
        config.get(NmKeys.WEBAPP_ADDRESS),
        Resource.of(config.get(NmKeys.MEMORY_MB), config.get(NmKeys.CPU_VCORES)),
        firstDir(config.get(NmKeys.LOCAL_DIRS), scratch.resolve("local")),
        firstDir(config.get(NmKeys.LOG_DIRS), scratch.resolve("logs")),
        classpath,
        javaHome.isBlank() ? System.getProperty("java.home") : javaHome,
        weftHome,
        config.get(NmKeys.SLEEP_DELAY_BEFORE_SIGKILL),
        config.get(CommonKeys.RPC_TIMEOUT),
        config.get(NmKeys.RM_RETRY_INTERVAL),
        config.get(NmKeys.LOCALIZER_FETCH_TIMEOUT),
        config.get(NmKeys.WEFT_JVM_OPTIONS),
        config.get(NmKeys.WEFT_JVM_CDS) ? Optional.of(cdsDir(config)) : Optional.empty());
  }

  /** What {@code {{WEFT_JVM_OPTIONS}}} expands to on this node; close it with the node. */
  public WeftJvmOptions jvmOptions() {
    return WeftJvmOptions.parse(weftJvmOptions, cdsDir.map(dir -> new CdsArchives(dir, javaHome, containerClasspath)));
  }

  private static Path cdsDir(WeftConfig config) {
    String dir = config.get(NmKeys.WEFT_JVM_CDS_DIR);
    return (dir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "weft-cds-" + System.getProperty("user.name"))
        : Path.of(dir)).toAbsolutePath();
  }

  private static Path firstDir(String list, Path fallback) {
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        return Path.of(part.trim()).toAbsolutePath();
      }
    }
    return fallback.toAbsolutePath();
  }
}
