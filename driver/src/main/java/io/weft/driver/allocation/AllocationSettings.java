package io.weft.driver.allocation;

import io.weft.common.config.ConfigException;
import io.weft.common.config.ConfigKey;
import io.weft.common.config.WeftConfig;
import io.weft.driver.DriverKeys;
import java.time.Duration;
import java.util.Optional;

/**
 * The validated {@code weft.dynamicAllocation.*} settings.
 *
 * @param cachedExecutorIdleTimeout {@link ConfigKey#INFINITE} keeps executors holding cached partitions
 * @param allocationRatio share of the executors that would run every task at once that is asked for, in (0, 1]
 */
public record AllocationSettings(int minExecutors, int maxExecutors, int initialExecutors,
    Duration schedulerBacklogTimeout, Duration sustainedSchedulerBacklogTimeout, Duration executorIdleTimeout,
    Duration cachedExecutorIdleTimeout, double allocationRatio) {

  public AllocationSettings {
    if (minExecutors < 0 || minExecutors > maxExecutors) {
      throw new ConfigException(DriverKeys.DYNAMIC_ALLOCATION_MIN_EXECUTORS.key() + "=" + minExecutors
          + " must be between 0 and " + DriverKeys.DYNAMIC_ALLOCATION_MAX_EXECUTORS.key() + " (" + maxExecutors + ")");
    }
    if (initialExecutors < minExecutors || initialExecutors > maxExecutors) {
      throw new ConfigException("the initial executors of dynamic allocation (" + initialExecutors + ", from "
          + DriverKeys.DYNAMIC_ALLOCATION_INITIAL_EXECUTORS.key() + " or " + DriverKeys.EXECUTOR_INSTANCES.key()
          + ") must be between " + DriverKeys.DYNAMIC_ALLOCATION_MIN_EXECUTORS.key() + " (" + minExecutors + ") and "
          + DriverKeys.DYNAMIC_ALLOCATION_MAX_EXECUTORS.key() + " (" + maxExecutors + ")");
    }
    if (!(allocationRatio > 0 && allocationRatio <= 1)) {
      throw new ConfigException("configuration " + DriverKeys.DYNAMIC_ALLOCATION_EXECUTOR_ALLOCATION_RATIO.key() + "="
          + allocationRatio + " is out of range: must be above 0 and at most 1");
    }
  }

  /** The settings when {@code weft.dynamicAllocation.enabled} is true; empty when it is not. */
  public static Optional<AllocationSettings> of(WeftConfig conf) {
    if (!conf.get(DriverKeys.DYNAMIC_ALLOCATION_ENABLED)) {
      return Optional.empty();
    }
    int min = conf.get(DriverKeys.DYNAMIC_ALLOCATION_MIN_EXECUTORS);
    int max = conf.get(DriverKeys.DYNAMIC_ALLOCATION_MAX_EXECUTORS);
    int initial = conf.get(DriverKeys.DYNAMIC_ALLOCATION_INITIAL_EXECUTORS);
    if (initial < 0) {
      initial = min;
    }
    // as Spark: --num-executors (weft.executor.instances), when given, raises the initial count
    if (conf.raw(DriverKeys.EXECUTOR_INSTANCES.key()).isPresent()) {
      initial = Math.max(initial, conf.get(DriverKeys.EXECUTOR_INSTANCES));
    }
    Duration backlog = conf.get(DriverKeys.DYNAMIC_ALLOCATION_BACKLOG_TIMEOUT);
    String sustainedText = conf.get(DriverKeys.DYNAMIC_ALLOCATION_SUSTAINED_BACKLOG_TIMEOUT).trim();
    Duration sustained = sustainedText.isEmpty() ? backlog : ConfigKey.parseFiniteDuration(
        DriverKeys.DYNAMIC_ALLOCATION_SUSTAINED_BACKLOG_TIMEOUT.key(), sustainedText);
    if (sustained.isZero()) {
      throw new ConfigException("configuration " + DriverKeys.DYNAMIC_ALLOCATION_SUSTAINED_BACKLOG_TIMEOUT.key() + "="
          + sustainedText + " is out of range: must be at least 1 ms");
    }
    return Optional.of(new AllocationSettings(min, max, initial, backlog, sustained,
        conf.get(DriverKeys.DYNAMIC_ALLOCATION_EXECUTOR_IDLE_TIMEOUT),
        conf.get(DriverKeys.DYNAMIC_ALLOCATION_CACHED_EXECUTOR_IDLE_TIMEOUT), ratio(conf)));
  }

  private static double ratio(WeftConfig conf) {
    String text = conf.get(DriverKeys.DYNAMIC_ALLOCATION_EXECUTOR_ALLOCATION_RATIO).trim();
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new ConfigException("configuration " + DriverKeys.DYNAMIC_ALLOCATION_EXECUTOR_ALLOCATION_RATIO.key() + "="
          + text + " is not a number");
    }
  }

  /**
   * Refuses dynamic allocation without a shuffle service, as Spark does: a released executor would
   * take its map outputs with it, so every later stage would recompute them. Call with whether
   * {@code weft.shuffle.service.enabled} is on.
   */
  public void requireShuffleService(boolean shuffleServiceEnabled, String shuffleServiceKey) {
    if (!shuffleServiceEnabled) {
      throw new ConfigException(DriverKeys.DYNAMIC_ALLOCATION_ENABLED.key() + "=true needs the NodeManagers' shuffle "
          + "service (" + shuffleServiceKey + "=true): a released executor would take its shuffle output with it");
    }
  }
}
