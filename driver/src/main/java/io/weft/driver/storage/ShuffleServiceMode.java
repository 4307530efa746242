package io.weft.driver.storage;

import io.weft.common.config.WeftConfig;
import io.weft.driver.DriverKeys;
import java.util.Map;

/**
 * Whether an application's shuffle files go through the NodeManagers' shuffle service
 * (docs/shuffle-service.md): the one place the driver, the ApplicationMaster and executors ask.
 */
public final class ShuffleServiceMode {
  /** Set to {@code true} in an executor's launch environment when its shuffle files go through the node's service. */
  public static final String EXECUTOR_ENV = "WEFT_EXECUTOR_USES_SHUFFLE_SERVICE";

  private ShuffleServiceMode() {}

  /**
   * For the driver and the ApplicationMaster: does this application use the NodeManagers' shuffle service? As
   * {@code weft.shuffle.service.enabled} says, and when it says nothing, whenever dynamic allocation is on (a
   * released executor must not take its map outputs with it).
   */
  public static boolean enabled(WeftConfig config) {
    return config.raw(DriverKeys.SHUFFLE_SERVICE_ENABLED.key()).isPresent()
        ? config.get(DriverKeys.SHUFFLE_SERVICE_ENABLED) : config.get(DriverKeys.DYNAMIC_ALLOCATION_ENABLED);
  }

  /** For an executor: did its launch say to use the node's shuffle service? */
  public static boolean enabledInExecutor(Map<String, String> env) {
    return "true".equals(env.get(EXECUTOR_ENV));
  }
}
