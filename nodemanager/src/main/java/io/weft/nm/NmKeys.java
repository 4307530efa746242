package io.weft.nm;

import io.weft.common.config.ConfigKey;
import java.time.Duration;

/** Configuration keys the NodeManager reads. Empty-string defaults are resolved by {@link NmConfig}. */
public final class NmKeys {
  public static final ConfigKey<String> ADDRESS = ConfigKey.string("weft.nodemanager.address", "127.0.0.1:0",
      "host:port the NodeManager's gRPC server binds (0 = ephemeral); its host is the advertised node host");

  public static final ConfigKey<Long> MEMORY_MB = ConfigKey.longValue("weft.nodemanager.resource.memory-mb", 8192,
      1, Long.MAX_VALUE, "memory in MB the NodeManager offers to containers");

  public static final ConfigKey<Integer> CPU_VCORES = ConfigKey.integer("weft.nodemanager.resource.cpu-vcores", 8,
      1, 4096, "virtual cores the NodeManager offers to containers");

  public static final ConfigKey<String> LOCAL_DIRS = ConfigKey.string("weft.nodemanager.local-dirs", "",
      "comma-separated directories for container working dirs and the file cache (the first is used); "
          + "empty = <java.io.tmpdir>/weft-nm-<user>/local. Give each NodeManager of a host its own");

  public static final ConfigKey<String> LOG_DIRS = ConfigKey.string("weft.nodemanager.log-dirs", "",
      "comma-separated directories for container logs <dir>/<app>/<container>/stdout (the first is used); "
          + "empty = <java.io.tmpdir>/weft-nm-<user>/logs");

  public static final ConfigKey<String> CONTAINER_CLASSPATH = ConfigKey.string(
      "weft.nodemanager.container-classpath", "",
      "what {{WEFT_CLASSPATH}} expands to in container commands; empty = $WEFT_HOME/lib/* when WEFT_HOME is set, "
          + "else this JVM's java.class.path");

  public static final ConfigKey<String> JAVA_HOME = ConfigKey.string("weft.nodemanager.java-home", "",
      "what {{JAVA_HOME}} expands to in container commands; empty = this JVM's java.home");

  public static final ConfigKey<Duration> SLEEP_DELAY_BEFORE_SIGKILL = ConfigKey.millis(
      "weft.nodemanager.sleep-delay-before-sigkill-ms", 250, 0,
      "grace period between SIGTERM and SIGKILL of a stopped container's process group");

  public static final ConfigKey<String> WEBAPP_ADDRESS = ConfigKey.string("weft.nodemanager.webapp.address",
      "127.0.0.1:8042", "host:port the NodeManager's web server (node page, /ws/v1/node, container logs) binds "
          + "(0 = ephemeral); reported to the ResourceManager as the node's http address");

  public static final ConfigKey<Duration> RM_RETRY_INTERVAL = ConfigKey.millis(
      "weft.nodemanager.resourcemanager.retry-interval-ms", 1000, 1,
      "heartbeat interval until the ResourceManager dictates one, and the longest wait between attempts to reach "
          + "an unreachable one (the waits grow from 50 ms to this, with jitter; the NodeManager retries forever)");

  public static final ConfigKey<Duration> LOCALIZER_FETCH_TIMEOUT = ConfigKey.millis(
      "weft.nodemanager.localizer.fetch-timeout-ms", 600_000, 1,
      "deadline for downloading one resource (from RM staging or http) during localization");

  public static final ConfigKey<String> WEFT_JVM_OPTIONS = ConfigKey.string("weft.nodemanager.weft-jvm.options", "",
      "JVM options, separated by spaces, that {{WEFT_JVM_OPTIONS}} expands to in the commands of Weft's own "
          + "JVMs (AMs, executors), e.g. '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC' for short-lived applications "
          + "on small nodes (faster start, slower long computations; see docs/startup.md). Empty = none");

  public static final ConfigKey<Boolean> WEFT_JVM_CDS = ConfigKey.bool("weft.nodemanager.weft-jvm.cds", true,
      "give Weft's own JVMs an application class-data-sharing archive per main class, class path and JDK, "
          + "made in the background from the classes the first launch of each loaded; false = no archive");

  public static final ConfigKey<String> WEFT_JVM_CDS_DIR = ConfigKey.string("weft.nodemanager.weft-jvm.cds-dir", "",
      "directory of the class-data-sharing archives, which the NodeManagers of a host can share; "
          + "empty = <java.io.tmpdir>/weft-cds-<user>");

  public static final ConfigKey<String> RECOVERY_ENABLED = ConfigKey.string("weft.nodemanager.recovery.enabled", "",
      "true = keep a recovery store, leave containers running on SIGTERM (supervised stop: the NodeManager does not "
          + "unregister) and re-attach to them after a restart or crash; needs a fixed port in "
          + "weft.nodemanager.address, where a restarted NodeManager is found again. false = containers die with the "
          + "NodeManager. Empty = true when weft.nodemanager.address has a fixed port, false with port 0");

  public static final ConfigKey<String> RECOVERY_DIR = ConfigKey.string("weft.nodemanager.recovery.dir", "",
      "directory of the recovery store (one record per container); empty = a directory 'recovery' beside the "
          + "local dir (<first local dir>/../recovery)");

  private NmKeys() {}
}
