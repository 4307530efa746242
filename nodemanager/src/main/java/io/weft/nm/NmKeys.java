package io.weft.nm;

import io.weft.common.config.ConfigKey;
import java.time.Duration;

/** Configuration keys the NodeManager reads. Empty-string defaults are resolved by {@link NmConfig}. */
public final class NmKeys {
  public static final ConfigKey<String> ADDRESS = ConfigKey.string("weft.nodemanager.address", "127.0.0.1:0",
      "host:port of the NodeManager's gRPC server (0 = ephemeral port); its host is the node's advertised "
          + "host unless weft.nodemanager.hostname says otherwise, and what it binds unless "
          + "weft.nodemanager.bind-host does");

  public static final ConfigKey<String> BIND_HOST = ConfigKey.string("weft.nodemanager.bind-host", "",
      "the host the NodeManager's gRPC and web servers listen on (e.g. 0.0.0.0 for every interface), with the ports "
          + "of weft.nodemanager.address and weft.nodemanager.webapp.address; empty = the hosts of those addresses "
          + "(YARN's yarn.nodemanager.bind-host)");

  public static final ConfigKey<String> HOSTNAME = ConfigKey.string("weft.nodemanager.hostname", "",
      "the name or address the NodeManager gives the ResourceManager, AMs and browsers for itself (its node id, "
          + "its web pages and container-log links); empty = the host of weft.nodemanager.address, or this "
          + "machine's name when that is a wildcard. A loopback name is refused when a ResourceManager is on "
          + "another host");

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
          + "JVMs (AMs, executors) and of user JVMs that opt in (AppSubmission's Java AMs), e.g. '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC' for short-lived applications "
          + "on small nodes (faster start, slower long computations; see docs/startup.md). Empty = none");

  public static final ConfigKey<Boolean> WEFT_JVM_CDS = ConfigKey.bool("weft.nodemanager.weft-jvm.cds", true,
      "give the JVMs whose commands hold {{WEFT_JVM_OPTIONS}} an application class-data-sharing archive: Weft's "
          + "own (AMs, executors) one made from the shipped class list for this node's class path when the "
          + "NodeManager starts, before it registers; a user's (e.g. AppSubmission's Java AMs) one per main class "
          + "and class path, keyed on its jars' bytes, recorded on its first launch. false = no archive. With "
          + "weft.nodemanager.container-executor=linux user JVMs get none (containers run as their users)");

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

  public static final ConfigKey<String> HEALTH_SCRIPT_PATH = ConfigKey.string(
      "weft.nodemanager.health-checker.script.path", "",
      "executable the NodeManager runs to check the node's health (YARN's rules: a line of its standard output "
          + "starting with ERROR makes the node UNHEALTHY with that line as the report, so it gets no new containers; "
          + "a run past the timeout does too; its exit status alone does not). Empty = no script");

  public static final ConfigKey<Duration> HEALTH_SCRIPT_INTERVAL = ConfigKey.millis(
      "weft.nodemanager.health-checker.interval-ms", 600_000, 1,
      "how often the health script runs (YARN's 10 min default)");

  public static final ConfigKey<Duration> HEALTH_SCRIPT_TIMEOUT = ConfigKey.millis(
      "weft.nodemanager.health-checker.script.timeout-ms", 1_200_000, 1,
      "how long one run of the health script may take; past it the script is killed and the node is UNHEALTHY "
          + "(\"Node health script timed out\")");

  public static final ConfigKey<Duration> DISK_HEALTH_INTERVAL = ConfigKey.millis(
      "weft.nodemanager.disk-health-checker.interval-ms", 120_000, 1,
      "how often the local and log directories are checked (writable, not too full)");

  public static final ConfigKey<Integer> DISK_MAX_UTILIZATION_PERCENT = ConfigKey.integer(
      "weft.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 90, 0, 100,
      "a local or log directory on a file system used beyond this percentage is bad, and the node is UNHEALTHY "
          + "until it is not (a whole number; YARN's default 90)");
  public static final ConfigKey<Duration> CONTAINER_MONITOR_INTERVAL = ConfigKey.millis(
      "weft.nodemanager.container-monitor.interval-ms", 3000, 1,
      "how often the container monitor measures every running container's process tree (resident and virtual "
          + "memory, CPU) from procfs, enforces the physical-memory check and updates the node's utilization");

  public static final ConfigKey<Boolean> PMEM_CHECK_ENABLED = ConfigKey.bool("weft.nodemanager.pmem-check-enabled",
      true, "kill a container whose process tree's resident memory exceeds the container's memory "
          + "(exit status -104, KILLED_EXCEEDED_PMEM), as found by the container monitor");

  public static final ConfigKey<Duration> FINISHED_APPLICATION_RETAIN = ConfigKey.millis(
      "weft.nodemanager.finished-application-retain-ms", 3 * 60 * 60 * 1000L, 0,
      "how long an application that has FINISHED on this node stays listed in its REST API (node/apps), "
          + "without containers; YARN's NM keeps one until it has handled its logs, by default its log "
          + "retention of 3 hours");

  public static final ConfigKey<Boolean> CGROUPS_ENABLED = ConfigKey.bool(
      "weft.nodemanager.resource.cgroups.enabled", false,
      "put each container in its own cgroup (v2, or the v1 memory and cpu controllers) with a hard memory limit "
          + "(the kernel's OOM killer ends it: exit status -104) and a CPU weight by vcores; needs root and the "
          + "memory and cpu controllers, else the NodeManager fails to start (see docs/nodemanager-resources.md)");

  public static final ConfigKey<String> CGROUPS_HIERARCHY = ConfigKey.string(
      "weft.nodemanager.linux-container-executor.cgroups.hierarchy", "weft",
      "relative path, under the cgroup mount (under each v1 controller), of the cgroup that holds one cgroup per "
          + "container");

  public static final ConfigKey<String> CGROUPS_MOUNT_PATH = ConfigKey.string(
      "weft.nodemanager.linux-container-executor.cgroups.mount-path", "/sys/fs/cgroup",
      "where the host mounts cgroups: the v2 unified hierarchy itself, or the directory holding the v1 "
          + "controllers (memory, cpu)");

  public static final ConfigKey<String> CONTAINER_EXECUTOR = ConfigKey.string(
      "weft.nodemanager.container-executor", "default",
      "how containers run: 'default' = as the NodeManager's own user; 'linux' = as the application's submitting "
          + "user (YARN's LinuxContainerExecutor), with work and log dirs only that user can read; needs the "
          + "NodeManager to run as root and setpriv (util-linux) or runuser, else it refuses to start; the users "
          + "must exist on the host (see docs/security.md)");

  public static final ConfigKey<Integer> MIN_USER_ID = ConfigKey.integer("weft.nodemanager.min-user-id", 1000, 0,
      Integer.MAX_VALUE, "with container-executor=linux: a container whose user has a uid below this is refused "
          + "(system accounts), unless the user is in weft.nodemanager.allowed-system-users (YARN's min.user.id); "
          + "root (uid 0) is always refused");

  public static final ConfigKey<String> BANNED_USERS = ConfigKey.string("weft.nodemanager.banned-users",
      "hdfs,yarn,mapred,bin", "with container-executor=linux: comma-separated users whose containers are refused "
          + "whatever their uid (YARN's banned.users)");

  public static final ConfigKey<String> ALLOWED_SYSTEM_USERS = ConfigKey.string(
      "weft.nodemanager.allowed-system-users", "",
      "with container-executor=linux: comma-separated users allowed to run containers although their uid is "
          + "below weft.nodemanager.min-user-id (YARN's allowed.system.users); never root, never a banned user");

  public static final ConfigKey<Duration> LOG_ROLL_INTERVAL = ConfigKey.millis("weft.log-aggregation.roll-interval-ms",
      0, 0, "with log aggregation on: how often the NodeManager also uploads the logs of applications still running "
          + "(each time the whole of its file for the application, replacing the last), so long-running ones can be "
          + "read from the store (YARN's yarn.nodemanager.log-aggregation.roll-monitoring-interval-seconds); 0 = "
          + "only when the application ends");

  public static final ConfigKey<Long> LOG_RETAIN_SECONDS = ConfigKey.longValue("weft.nodemanager.log.retain-seconds",
      60, 0, Long.MAX_VALUE, "with log aggregation on: how long the NodeManager keeps an application's container "
          + "logs after they were uploaded before deleting them (YARN deletes at once; a short delay lets a weft logs "
          + "already reading from this node finish); without aggregation, or when the upload failed, logs stay");

  public static final ConfigKey<Duration> LOG_AGGREGATION_RETRY = ConfigKey.millis(
      "weft.nodemanager.log-aggregation.retry-ms", 10 * 60 * 1000L, 0,
      "how long the NodeManager keeps retrying (with back-off) to upload an ended application's logs while the "
          + "log store cannot be reached; then it reports the application's log aggregation FAILED and keeps its "
          + "logs on the node");

  public static final ConfigKey<Integer> LOG_AGGREGATION_THREADS = ConfigKey.integer(
      "weft.nodemanager.log-aggregation.threads", 4, 1, 1000,
      "how many applications' logs a NodeManager uploads at once (YARN's "
          + "yarn.nodemanager.logaggregation.threadpool-size-max)");

  public static final ConfigKey<Boolean> WARM_JVMS_ENABLED = ConfigKey.bool("weft.nodemanager.warm-jvms.enabled",
      true, "keep idle JVMs started ahead of need (warm JVMs), weft.nodemanager.warm-jvms.count per heap size of "
          + "weft.nodemanager.warm-jvms.heaps; a container whose command is Weft's own JVM command of such a heap "
          + "claims one instead of starting a JVM (see docs/warm-jvms.md for what it costs and saves). Off with "
          + "weft.nodemanager.container-executor=linux (containers run as other users); LocalCluster turns it off "
          + "unless its configuration sets it");

  public static final ConfigKey<Integer> WARM_JVMS_COUNT = ConfigKey.integer("weft.nodemanager.warm-jvms.count", 1,
      1, 64, "with warm JVMs on: how many idle warm JVMs the NodeManager keeps of each heap size (each costs its "
          + "idle memory, tens of MB, see docs/warm-jvms.md)");

  public static final ConfigKey<Integer> WARM_JVMS_MAX_COUNT = ConfigKey.integer(
      "weft.nodemanager.warm-jvms.max-count", 4, 1, 64, "with warm JVMs on: up to how many idle warm JVMs of one "
          + "heap size the NodeManager keeps when recent launches asked for more than weft.nodemanager.warm-jvms.count "
          + "(the most launches of that heap within 5 s over the last 2 minutes); the JVMs beyond the count are "
          + "started only while their heaps fit in the node's memory not allocated to containers, and are killed "
          + "when a container needs that memory or the demand has passed. Must be at least "
          + "weft.nodemanager.warm-jvms.count (unset, it is raised to it); see docs/warm-jvms.md");

  public static final ConfigKey<String> WARM_JVMS_HEAPS = ConfigKey.string("weft.nodemanager.warm-jvms.heaps",
      "256m,512m,1g", "with warm JVMs on: comma-separated heap sizes (-Xmx) of the warm JVMs; the defaults are the "
          + "heaps of Weft's own containers by default: the distributed-shell AM (256m), the client-mode "
          + "ExecutorLauncher AM (weft.am.memory, 512m), executors and the cluster-mode driver (weft.executor.memory, "
          + "weft.driver.memory, 1g)");

  private NmKeys() {}

  public static final ConfigKey<String> AUX_SERVICES = ConfigKey.string("weft.nodemanager.aux-services", "weft_shuffle",
      "comma-separated names of the auxiliary services the NodeManager runs (YARN's yarn.nodemanager.aux-services); "
          + "each is loaded from weft.nodemanager.aux-services.<name>.class (for weft_shuffle, the shuffle service "
          + "io.weft.shuffle.service.ExternalShuffleService unless set). Empty = none; a container whose launch "
          + "context carries service data for a service not running here is refused");

  /** The prefix of the per-service keys {@code weft.nodemanager.aux-services.<name>.class}. */
  public static final String AUX_SERVICE_CLASS_PREFIX = "weft.nodemanager.aux-services.";
  public static final String AUX_SERVICE_CLASS_SUFFIX = ".class";
}
