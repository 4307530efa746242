package io.weft.am;

import io.weft.common.config.ConfigKey;
import java.time.Duration;

/** Keys the ApplicationMaster reads. The user-jar keys the client sets are in CommonKeys. */
public final class AmKeys {
  public static final ConfigKey<Integer> MAX_EXECUTOR_FAILURES = ConfigKey.integer("weft.am.maxExecutorFailures", 0,
      0, 100_000, "executor containers that may fail (launch or crash) before the application fails;"
          + " 0 = max(2 x num-executors, 3)");
  public static final ConfigKey<Duration> ALLOCATE_MAX_WAIT = ConfigKey.millis("weft.am.allocate.max-wait-ms", 1000,
      0, "how long an Allocate call may be held by the RM (long poll) when there is nothing new");

  private AmKeys() {}
}
