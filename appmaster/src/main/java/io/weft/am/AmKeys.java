package io.weft.am;

import io.weft.am.allocator.ExecutorAllocator;
import io.weft.am.allocator.NodeExclusion;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigKey;
import io.weft.common.config.WeftConfig;
import io.weft.common.resource.ResourceAmounts;
import java.time.Duration;

/** Keys the ApplicationMaster reads. The user-jar keys the client sets are in CommonKeys. */
public final class AmKeys {
  public static final ConfigKey<Integer> MAX_EXECUTOR_FAILURES = ConfigKey.integer("weft.executor.maxFailures", 0,
      0, 100_000, "executor failures (launches that fail, executors whose container fails) before the application "
          + "fails (Spark's spark.executor.maxNumFailures); executors lost with their node, preempted or stopped by "
          + "the AM or driver do not count; 0 = max(2 x executors, 3), with dynamic allocation 2 x "
          + "weft.dynamicAllocation.maxExecutors")
      .renamedFrom("weft.am.maxExecutorFailures");
  public static final ConfigKey<Long> EXECUTOR_FAILURES_VALIDITY_INTERVAL = ConfigKey.longValue(
      "weft.executor.failuresValidityInterval", -1, -1, Long.MAX_VALUE,
      "milliseconds: executor failures older than this no longer count toward weft.executor.maxFailures "
          + "(Spark's spark.executor.failuresValidityInterval); -1 or 0 = they always count");
  public static final ConfigKey<Boolean> EXCLUDE_ON_FAILURE = ConfigKey.bool("weft.excludeOnFailure.enabled", false,
      "exclude a node for the application once weft.excludeOnFailure.application.maxFailedExecutorsPerNode "
          + "executors failed on it (Spark's spark.excludeOnFailure.enabled). Nodes where a container cannot be "
          + "launched are excluded at once whatever this says");
  public static final ConfigKey<Integer> MAX_FAILED_EXECUTORS_PER_NODE = ConfigKey.integer(
      "weft.excludeOnFailure.application.maxFailedExecutorsPerNode", 2, 1, 100_000,
      "executor failures on one node that exclude it for the application, when weft.excludeOnFailure.enabled");
  public static final ConfigKey<Duration> EXCLUDE_ON_FAILURE_TIMEOUT = ConfigKey.millis(
      "weft.excludeOnFailure.timeout", 3_600_000, 1,
      "milliseconds a node stays excluded for the application (Spark's spark.excludeOnFailure.timeout)");
  public static final ConfigKey<Integer> EXCLUDE_MAX_NODE_PERCENT = ConfigKey.integer(
      "weft.excludeOnFailure.maxNodePercent", 80, 0, 100,
      "at most this percent of the cluster's nodes, and never all of them, are excluded for one application at "
          + "once; beyond it the oldest exclusions are lifted (as YARN's am.blacklisting.disable-failure-threshold)");
  public static final ConfigKey<Duration> ALLOCATE_MAX_WAIT = ConfigKey.millis("weft.am.allocate.max-wait-ms", 1000,
      0, "how long an Allocate call may be held by the RM (long poll) when there is nothing new");

  private AmKeys() {}

  /**
   * The allocator's settings: {@code ask} executors to start with, failures allowed as for
   * {@code executors} (the default max(2 x executors, 3)).
   */
  static ExecutorAllocator.Settings allocatorSettings(WeftConfig conf, int ask, int executors, long executorMemoryMb,
      int executorCores) {
    int maxFailures = conf.get(MAX_EXECUTOR_FAILURES);
    if (maxFailures == 0) {
      maxFailures = (int) Math.min(Integer.MAX_VALUE, Math.max(2L * executors, 3));
    }
    NodeExclusion.Settings exclusion = new NodeExclusion.Settings(conf.get(EXCLUDE_ON_FAILURE),
        conf.get(MAX_FAILED_EXECUTORS_PER_NODE), conf.get(EXCLUDE_ON_FAILURE_TIMEOUT),
        conf.get(EXCLUDE_MAX_NODE_PERCENT) / 100.0);
    return new ExecutorAllocator.Settings(ask, executorMemoryMb, executorCores, maxFailures,
        conf.get(ALLOCATE_MAX_WAIT), Duration.ofMillis(Math.max(0, conf.get(EXECUTOR_FAILURES_VALIDITY_INTERVAL))),
        exclusion, ResourceAmounts.of(conf.asMap(), ResourceAmounts.EXECUTOR_PREFIX),
        conf.get(CommonKeys.EXECUTOR_NODE_LABEL_EXPRESSION));
  }
}
