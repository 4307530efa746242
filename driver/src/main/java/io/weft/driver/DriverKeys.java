package io.weft.driver;

import io.weft.common.config.ConfigKey;

/**
 * Typed keys of the driver runtime. Users set them as strings on {@link WeftConf} (or with
 * {@code --conf}); the runtime reads them through these keys, which give them types, defaults and
 * validation. Plain settings that are only passed around ({@link WeftConf#MASTER},
 * {@link WeftConf#APP_NAME}, {@link WeftConf#DEPLOY_MODE}) are constants of {@link WeftConf}.
 */
public final class DriverKeys {
  public static final ConfigKey<String> DRIVER_HOST = ConfigKey.string("weft.driver.host", "",
      "client mode: the host the driver advertises to the ExecutorLauncher and executors (and binds, unless "
          + "weft.driver.bindAddress says otherwise); empty = 127.0.0.1 when the ResourceManager is on this machine, "
          + "else the address of this machine's interface toward it. A loopback or wildcard host is refused when the "
          + "ResourceManager is elsewhere. Cluster mode: the driver advertises the host of the node it runs on");

  public static final ConfigKey<Integer> DRIVER_PORT = ConfigKey.integer("weft.driver.port", 0, 0, 65535,
      "port of the driver's DriverService (0 = ephemeral)");

  public static final ConfigKey<Integer> TASK_MAX_FAILURES = ConfigKey.integer("weft.task.maxFailures", 4, 1, 1000,
      "attempts of one task before its job fails");

  public static final ConfigKey<Integer> DEFAULT_PARALLELISM = ConfigKey.integer("weft.default.parallelism", 0, 0,
      1_000_000, "number of partitions of parallelize() when not given; 0 = max(2, total executor cores)");

  public static final ConfigKey<Long> MAX_RESULT_SIZE = ConfigKey.memoryMb("weft.driver.maxResultSize", "1g", 1,
      "limit of the summed serialized task results of one action (e.g. collect); above it the job fails");

  public static final ConfigKey<Boolean> EVENT_LOG_ENABLED = ConfigKey.bool("weft.eventLog.enabled", true,
      "write the driver's event log (Spark's spark.eventLog.enabled) to the application's file eventlog.jsonl.gz in "
          + "the log store of weft.log-aggregation.store, for the history server: on by default in client and cluster "
          + "mode, in local mode only when set to true. A store that cannot be reached costs one warning, never the job");

  public static final ConfigKey<Integer> STAGE_MAX_ATTEMPTS = ConfigKey.integer("weft.stage.maxAttempts", 4, 1, 100,
      "times a job re-runs a stage because shuffle output it reads was lost, before the job fails");

  public static final ConfigKey<String> DRIVER_BIND_ADDRESS = ConfigKey.string("weft.driver.bindAddress", "",
      "address the driver's server binds; empty = weft.driver.host (set 0.0.0.0 to listen everywhere)");

  public static final ConfigKey<Integer> EXECUTOR_INSTANCES = ConfigKey.integer("weft.executor.instances", 2, 1,
      100_000, "client mode: executors the driver asks the ExecutorLauncher for");

  public static final ConfigKey<Long> EXECUTOR_MEMORY = ConfigKey.memoryMb("weft.executor.memory", "1g", 1,
      "client mode: heap of each executor (the container gets max(384 MB, 10%) more)");

  public static final ConfigKey<Integer> EXECUTOR_CORES = ConfigKey.integer("weft.executor.cores", 1, 1, 1024,
      "client mode: cores (task slots) of each executor");

  public static final ConfigKey<Long> AM_MEMORY = ConfigKey.memoryMb("weft.am.memory", "512m", 1,
      "client mode: heap of the ExecutorLauncher AM (the container gets max(384 MB, 10%) more)");

  public static final ConfigKey<String> QUEUE = ConfigKey.string("weft.queue", "default",
      "client mode: queue the ExecutorLauncher application is submitted to");

  public static final ConfigKey<java.time.Duration> LAUNCHER_TIMEOUT = ConfigKey.millis(
      "weft.driver.launcher.timeout-ms", 120_000, 1_000,
      "client mode: how long the driver waits for its ExecutorLauncher AM to connect back");

  public static final ConfigKey<String> JARS = ConfigKey.string("weft.jars", "",
      "comma-separated jars every executor loads classes from; local:/path = already on every node");

  public static final ConfigKey<String> FILES = ConfigKey.string("weft.files", "",
      "comma-separated files copied into every executor's working directory; local:/path = already on every node");

  public static final ConfigKey<Boolean> UI_ENABLED = ConfigKey.bool("weft.ui.enabled", true,
      "whether the driver serves its web UI (jobs, stages, tasks, executors, environment)");

  public static final ConfigKey<Integer> UI_PORT = ConfigKey.integer("weft.ui.port", 4040, 0, 65535,
      "port of the driver UI; when taken the next 16 are tried, then any free one (0 = ephemeral at once)");

  public static final ConfigKey<Integer> UI_RETAINED_JOBS = ConfigKey.integer("weft.ui.retainedJobs", 100, 1,
      100_000, "jobs the driver UI remembers (older ones are forgotten)");

  public static final ConfigKey<Integer> UI_RETAINED_STAGES = ConfigKey.integer("weft.ui.retainedStages", 500, 1,
      100_000, "stage attempts the driver UI remembers (older ones are forgotten)");

  public static final ConfigKey<Boolean> UI_SHOW_CONSOLE_PROGRESS = ConfigKey.bool("weft.ui.showConsoleProgress", true,
      "local and client mode: draw a progress line per active stage on stderr ([Stage 3:====>   (41 + 4) / 100]: "
          + "tasks done + running / total), redrawn in place; only when stderr is a terminal");

  public static final ConfigKey<Boolean> SUBMIT_PRINT_DRIVER_LOG = ConfigKey.bool("weft.submit.printDriverLog", false,
      "cluster mode: weft submit streams the driver's stdout and stderr (the AM container's logs, read live from its "
          + "NodeManager) while it waits for the application to end");

  public static final ConfigKey<String> UI_URL = ConfigKey.string("weft.driver.ui.url", "",
      "set by a client-mode driver for its ExecutorLauncher: the driver UI's URL, registered as the tracking URL");

  // weft submit's driver settings (spark-submit's --driver-* flags; a flag wins over these, these over
  // the properties file). Read by weft submit and by the cluster-mode ApplicationMaster.
  public static final ConfigKey<Long> DRIVER_MEMORY = ConfigKey.memoryMb("weft.driver.memory", "1g", 1,
      "heap of the driver: in cluster mode the AM container's (weft submit --driver-memory); in client mode the "
          + "submitting JVM's when it is started again for weft.driver.extraJavaOptions");
  public static final ConfigKey<Integer> DRIVER_CORES = ConfigKey.integer("weft.driver.cores", 1, 1, 1024,
      "cluster mode: vcores of the AM container that hosts the driver (weft submit --driver-cores)");
  public static final ConfigKey<String> DRIVER_EXTRA_JAVA_OPTIONS = ConfigKey.string("weft.driver.extraJavaOptions",
      "", "JVM options of the driver (weft submit --driver-java-options), split like a shell would: cluster mode adds "
          + "them to the AM container's java command; client mode starts the driver in a new JVM with them");
  public static final ConfigKey<String> DRIVER_EXTRA_CLASS_PATH = ConfigKey.string("weft.driver.extraClassPath", "",
      "entries added to the driver's class path, separated by ':' (dir/* = the jars in dir; weft submit "
          + "--driver-class-path): cluster mode appends them to the AM JVM's -cp (paths on the node, or names in the "
          + "container's working directory); client mode to the class loader of the application jar");
  public static final ConfigKey<String> ARCHIVES = ConfigKey.string("weft.archives", "",
      "comma-separated archives (.zip, .jar, .tar, .tar.gz, .tgz; file#alias) unpacked into the working directory "
          + "of every executor (and in cluster mode the driver's), in a directory named alias or the file name "
          + "(weft submit --archives); not in local mode");
  public static final ConfigKey<Boolean> SUPERVISE = ConfigKey.bool("weft.driver.supervise", false,
      "cluster mode: when the driver's main fails, the ApplicationMaster ends its attempt without unregistering, "
          + "so the ResourceManager starts the driver again while attempts remain (weft.resourcemanager.am"
          + ".max-attempts, or weft.am.maxAttempts); without it the application fails at once "
          + "(weft submit --supervise)");
  public static final ConfigKey<Integer> AM_MAX_ATTEMPTS = ConfigKey.integer("weft.am.maxAttempts", 0, 0, 1000,
      "attempts weft submit asks for its application (Spark's spark.yarn.maxAppAttempts), capped by "
          + "weft.resourcemanager.am.max-attempts; 0 = the cluster's default");

  public static final ConfigKey<java.time.Duration> IDLE_TIMEOUT = ConfigKey.millis("weft.driver.idleTimeout", 0, 0,
      "milliseconds a driver may stay idle (no job running, none started, no keep-alive from a job server) before "
          + "it stops its context, releases its executors and ends the application SUCCEEDED with a diagnostic "
          + "saying so; a job started after that fails naming the idle stop. 0 = never (weft submit's default)");

  public static final ConfigKey<String> SCHEDULER_MODE = ConfigKey.choice("weft.scheduler.mode", "FIFO",
      java.util.List.of("FIFO", "FAIR"), "how concurrently running jobs share the executors' cores (Spark's "
          + "spark.scheduler.mode): FIFO = the earliest submitted job's tasks first; FAIR = the next free core goes "
          + "to the pool (the job's weft.scheduler.pool local property, else 'default') with the fewest running "
          + "tasks, ties in turn, jobs of one pool FIFO");

  private DriverKeys() {}
}
