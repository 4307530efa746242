package io.weft.nm;

import static java.util.Objects.requireNonNull;

import io.weft.common.logstore.LogStores;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceTypes;
import io.weft.nm.device.DeviceInventory;
import io.weft.nm.health.HealthCheckSettings;
import io.weft.nm.cgroups.CgroupSettings;
import io.weft.nm.executor.ContainerUserPolicy;
import io.weft.common.web.WebTimeouts;
import io.weft.nm.launch.CdsArchives;
import io.weft.nm.monitor.ContainerMonitor;
import io.weft.nm.launch.WeftJvmOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.weft.common.config.ServerAddress;
import io.weft.common.tls.CertificateNames;
import io.weft.common.tls.TlsSettings;
import io.weft.common.security.LogReaders;
import io.weft.nm.auxservice.AuxServiceSettings;
import io.weft.nm.logs.LogAggregator;
import io.weft.nm.warm.WarmJvmSettings;
import java.util.Optional;

/** The NodeManager's validated configuration, with every default resolved. */
public record NmConfig(
    ServerAddress rpcServer,
    List<HostPort> rmAddresses,
    ServerAddress webServer,
    WebTimeouts webTimeouts,
    Resource capability,
    Path localDir,
    Path logDir,
    String containerClasspath,
    String javaHome,
    Optional<String> weftHome,
    Duration sigkillDelay,
    Duration finishedApplicationRetention,
    Duration rpcTimeout,
    Duration rmRetryInterval,
    Duration fetchTimeout,
    String weftJvmOptions,
    Optional<Path> cdsDir,
    Optional<Path> recoveryDir,
    HealthCheckSettings healthChecks,
    ContainerMonitor.Settings monitor,
    Optional<CgroupSettings> cgroups,
    Optional<ContainerUserPolicy> linuxExecutor,
    TlsSettings tls,
    Optional<LogAggregator.Settings> logAggregation,
    WarmJvmSettings warmJvms,
    AuxServiceSettings auxServices,
    LogReaders.Settings logReaders,
    DeviceInventory devices) {

  public NmConfig {
    requireNonNull(rpcServer);
    rmAddresses = List.copyOf(rmAddresses);
    requireNonNull(webServer);
    requireNonNull(webTimeouts);
    requireNonNull(capability);
    requireNonNull(localDir);
    requireNonNull(logDir);
    requireNonNull(containerClasspath);
    requireNonNull(javaHome);
    requireNonNull(weftHome);
    requireNonNull(sigkillDelay);
    requireNonNull(finishedApplicationRetention);
    requireNonNull(rpcTimeout);
    requireNonNull(rmRetryInterval);
    requireNonNull(fetchTimeout);
    requireNonNull(weftJvmOptions);
    requireNonNull(cdsDir);
    requireNonNull(recoveryDir);
    requireNonNull(healthChecks);
    requireNonNull(monitor);
    requireNonNull(cgroups);
    requireNonNull(linuxExecutor);
    requireNonNull(tls);
    requireNonNull(logAggregation);
    requireNonNull(warmJvms);
    requireNonNull(auxServices);
    requireNonNull(logReaders);
    requireNonNull(devices);
  }

  /** True when containers outlive this NodeManager and a restarted one re-attaches to them. */
  public boolean recoveryEnabled() {
    return recoveryDir.isPresent();
  }

  public static NmConfig from(WeftConfig config) {
    Optional<String> weftHome = Optional.ofNullable(System.getenv("WEFT_HOME")).filter(s -> !s.isBlank());
    Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "weft-nm-" + System.getProperty("user.name"));
    String classpath = config.get(NmKeys.CONTAINER_CLASSPATH);
    if (classpath.isBlank()) {
      classpath = weftHome.map(h -> Path.of(h, "lib") + "/*").orElse(System.getProperty("java.class.path"));
    }
    String javaHome = config.get(NmKeys.JAVA_HOME);
    HostPort bind = HostPort.parse(config.get(NmKeys.ADDRESS), NmKeys.ADDRESS.key());
    List<HostPort> rmAddresses = RmEndpoints.rpcAddresses(config);
    ServerAddress rpcServer = advertisedAs(ServerAddress.of(bind, config.get(NmKeys.BIND_HOST), NmKeys.ADDRESS.key()),
        config, rmAddresses);
    ServerAddress webServer = advertisedAs(ServerAddress.of(HostPort.parse(config.get(NmKeys.WEBAPP_ADDRESS),
        NmKeys.WEBAPP_ADDRESS.key()), config.get(NmKeys.BIND_HOST), NmKeys.WEBAPP_ADDRESS.key()), config, rmAddresses);
    Path localDir = firstDir(config.get(NmKeys.LOCAL_DIRS), scratch.resolve("local"));
    DeviceInventory devices = DeviceInventory.from(config,
        ResourceTypes.parse(config.get(CommonKeys.RESOURCE_TYPES), CommonKeys.RESOURCE_TYPES.key()));
    return new NmConfig(
        rpcServer,
        rmAddresses,
        webServer,
        WebTimeouts.from(config),
        new Resource(config.get(NmKeys.MEMORY_MB), config.get(NmKeys.CPU_VCORES), devices.counts()),
        localDir,
        firstDir(config.get(NmKeys.LOG_DIRS), scratch.resolve("logs")),
        classpath,
        javaHome.isBlank() ? System.getProperty("java.home") : javaHome,
        weftHome,
        config.get(NmKeys.SLEEP_DELAY_BEFORE_SIGKILL),
        config.get(NmKeys.FINISHED_APPLICATION_RETAIN),
        config.get(CommonKeys.RPC_TIMEOUT),
        config.get(NmKeys.RM_RETRY_INTERVAL),
        config.get(NmKeys.LOCALIZER_FETCH_TIMEOUT),
        config.get(NmKeys.WEFT_JVM_OPTIONS),
        config.get(NmKeys.WEFT_JVM_CDS) ? Optional.of(cdsDir(config)) : Optional.empty(),
        recoveryEnabled(config, bind) ? Optional.of(recoveryDir(config, localDir)) : Optional.empty(),
        healthChecks(config),
        new ContainerMonitor.Settings(config.get(NmKeys.CONTAINER_MONITOR_INTERVAL),
            config.get(NmKeys.PMEM_CHECK_ENABLED)),
        config.get(NmKeys.CGROUPS_ENABLED) ? Optional.of(cgroups(config)) : Optional.empty(),
        linuxExecutor(config),
        TlsSettings.forDaemon(config),
        logAggregation(config),
        warmJvms(config),
        AuxServiceSettings.from(config),
        LogReaders.Settings.of(config),
        devices);
  }

  private static WarmJvmSettings warmJvms(WeftConfig config) {
    List<Long> heaps = WarmJvmSettings.parseHeaps(NmKeys.WARM_JVMS_HEAPS.key(), config.get(NmKeys.WARM_JVMS_HEAPS));
    boolean enabled = config.get(NmKeys.WARM_JVMS_ENABLED) && !heaps.isEmpty();
    int count = config.get(NmKeys.WARM_JVMS_COUNT);
    int maxCount = config.get(NmKeys.WARM_JVMS_MAX_COUNT);
    // Unset, it follows a count above its default; set below the count, it is a contradiction.
    boolean maxCountSet = config.raw(NmKeys.WARM_JVMS_MAX_COUNT.key()).isPresent();
    if (enabled && maxCountSet && maxCount < count) {
      throw new ConfigException("configuration " + NmKeys.WARM_JVMS_MAX_COUNT.key() + "=" + maxCount
          + " is out of range: must be at least " + NmKeys.WARM_JVMS_COUNT.key() + "=" + count);
    }
    return new WarmJvmSettings(enabled, count, Math.max(count, maxCount), heaps, TlsSettings.forDaemon(config).enabled());
  }

  /** With aggregation on, how uploads go; the store itself is opened when the NodeManager starts. */
  private static Optional<LogAggregator.Settings> logAggregation(WeftConfig config) {
    if (!LogStores.aggregationEnabled(config)) {
      return Optional.empty();
    }
    return Optional.of(new LogAggregator.Settings(() -> LogStores.open(config), config.get(NmKeys.LOG_ROLL_INTERVAL),
        Duration.ofSeconds(config.get(NmKeys.LOG_RETAIN_SECONDS)), config.get(NmKeys.LOG_AGGREGATION_RETRY),
        config.get(NmKeys.LOG_AGGREGATION_THREADS)));
  }

  /**
   * {@code server} advertising {@code weft.nodemanager.hostname} when that is set. Refused when the host to
   * advertise is a loopback address while a ResourceManager is on another host: the RM, AMs and browsers
   * there would dial their own loopback interface.
   */
  private static ServerAddress advertisedAs(ServerAddress server, WeftConfig config, List<HostPort> rmAddresses) {
    String hostname = config.get(NmKeys.HOSTNAME).trim();
    if (!hostname.isEmpty() && ServerAddress.isWildcard(hostname)) {
      throw new ConfigException("configuration " + NmKeys.HOSTNAME.key() + "=" + hostname + " is a wildcard address; "
          + "give the name or address other hosts reach this NodeManager at (listening on every interface is "
          + NmKeys.BIND_HOST.key() + ")");
    }
    ServerAddress advertised = hostname.isEmpty() ? server : new ServerAddress(server.bind(), hostname);
    if (CertificateNames.isLoopback(advertised.advertisedHost())) {
      rmAddresses.stream().filter(rm -> !CertificateNames.isLoopback(rm.host())).findFirst().ifPresent(rm -> {
        throw new ConfigException("this NodeManager would advertise itself as " + advertised.advertisedHost()
            + ", a loopback address, to the ResourceManager at " + rm + " on another host, which cannot reach it "
            + "there; set " + NmKeys.HOSTNAME.key() + " (or the hosts of " + NmKeys.ADDRESS.key() + " and "
            + NmKeys.WEBAPP_ADDRESS.key() + ") to a name or address other hosts reach this one at, and "
            + NmKeys.BIND_HOST.key() + "=0.0.0.0 to listen on every interface");
      });
    }
    return advertised;
  }

  private static HealthCheckSettings healthChecks(WeftConfig config) {
    String script = config.get(NmKeys.HEALTH_SCRIPT_PATH).trim();
    Optional<Path> path = Optional.empty();
    if (!script.isEmpty()) {
      Path file = Path.of(script).toAbsolutePath();
      if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isExecutable(file)) {
        throw new ConfigException("configuration " + NmKeys.HEALTH_SCRIPT_PATH.key() + "=" + script
            + " is not an executable file");
      }
      path = Optional.of(file);
    }
    return new HealthCheckSettings(path, config.get(NmKeys.HEALTH_SCRIPT_INTERVAL),
        config.get(NmKeys.HEALTH_SCRIPT_TIMEOUT), config.get(NmKeys.DISK_HEALTH_INTERVAL),
        config.get(NmKeys.DISK_MAX_UTILIZATION_PERCENT));
  }

  /** Present when containers run as their users ({@code container-executor=linux}): who may. */
  private static Optional<ContainerUserPolicy> linuxExecutor(WeftConfig config) {
    String executor = config.get(NmKeys.CONTAINER_EXECUTOR).trim();
    return switch (executor) {
      case "default" -> Optional.empty();
      case "linux" -> Optional.of(new ContainerUserPolicy(config.get(NmKeys.MIN_USER_ID),
          ContainerUserPolicy.names(config.get(NmKeys.BANNED_USERS)),
          ContainerUserPolicy.names(config.get(NmKeys.ALLOWED_SYSTEM_USERS))));
      default -> throw new ConfigException("configuration " + NmKeys.CONTAINER_EXECUTOR.key() + "=" + executor
          + " is not valid: expected default (containers run as the NodeManager's user) or linux (as their users)");
    };
  }

  private static CgroupSettings cgroups(WeftConfig config) {
    String hierarchy = config.get(NmKeys.CGROUPS_HIERARCHY).trim();
    try {
      return new CgroupSettings(Path.of(config.get(NmKeys.CGROUPS_MOUNT_PATH).trim()).toAbsolutePath(), hierarchy);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("configuration " + NmKeys.CGROUPS_HIERARCHY.key() + "=" + hierarchy
          + " is not valid: expected a relative path without '..' or '.', e.g. weft");
    }
  }

  /**
   * Recovery needs a fixed port: a recovered container's clients (its AM, the RM) must find the
   * restarted NodeManager at the address they knew, which an ephemeral port cannot promise (YARN
   * refuses the same). Unset, it follows the port.
   */
  private static boolean recoveryEnabled(WeftConfig config, HostPort bind) {
    String value = config.get(NmKeys.RECOVERY_ENABLED).trim();
    String enabledKey = NmKeys.RECOVERY_ENABLED.key();
    String addressKey = NmKeys.ADDRESS.key();
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "" -> bind.port() != 0;
      case "false" -> false;
      case "true" -> {
        if (bind.port() == 0) {
          throw new ConfigException("configuration " + enabledKey + "=true needs a fixed port, but " + addressKey
              + "=" + bind + " has port 0 (ephemeral): a restarted NodeManager must be found at the same address "
              + "by the containers it recovers. Set " + addressKey + " to a fixed port (e.g. " + bind.host()
              + ":8041) or " + enabledKey + "=false");
        }
        yield true;
      }
      default -> throw new ConfigException("configuration " + enabledKey + "=" + value + " is not valid: expected "
          + "true, false or empty (= true when " + addressKey + " has a fixed port)");
    };
  }

  private static Path recoveryDir(WeftConfig config, Path localDir) {
    String dir = config.get(NmKeys.RECOVERY_DIR);
    return dir.isBlank() ? localDir.resolveSibling("recovery") : Path.of(dir.trim()).toAbsolutePath();
  }

  /** What {@code {{WEFT_JVM_OPTIONS}}} expands to on this node; close it with the node. */
  public WeftJvmOptions jvmOptions() {
    return WeftJvmOptions.parse(weftJvmOptions, cdsDir.map(dir -> new CdsArchives(dir, javaHome, containerClasspath,
        linuxExecutor.isEmpty())));
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
