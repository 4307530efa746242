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
      "host the driver binds and advertises to executors; empty = $NM_HOST when set, else 127.0.0.1");

  public static final ConfigKey<Integer> DRIVER_PORT = ConfigKey.integer("weft.driver.port", 0, 0, 65535,
      "port of the driver's DriverService (0 = ephemeral)");

  public static final ConfigKey<Integer> TASK_MAX_FAILURES = ConfigKey.integer("weft.task.maxFailures", 4, 1, 1000,
      "attempts of one task before its job fails");

  public static final ConfigKey<Integer> DEFAULT_PARALLELISM = ConfigKey.integer("weft.default.parallelism", 0, 0,
      1_000_000, "number of partitions of parallelize() when not given; 0 = max(2, total executor cores)");

  public static final ConfigKey<Long> MAX_RESULT_SIZE = ConfigKey.memoryMb("weft.driver.maxResultSize", "1g", 1,
      "limit of the summed serialized task results of one action (e.g. collect); above it the job fails");

  public static final ConfigKey<Integer> STAGE_MAX_ATTEMPTS = ConfigKey.integer("weft.stage.maxAttempts", 4, 1, 100,
      "times a job re-runs a stage because shuffle output it reads was lost, before the job fails");

  private DriverKeys() {}
}
