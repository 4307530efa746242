package io.weft.am;

import io.weft.common.config.ConfigKey;
import java.time.Duration;

/** Keys the ApplicationMaster reads. The client sets the user-jar keys when it submits in cluster mode. */
public final class AmKeys {
  public static final ConfigKey<String> USER_JAR_URI = ConfigKey.string("weft.am.userJarUri", "",
      "where the user's jar is staged (staging:<sha256>); the AM localizes it into every executor as __app__.jar");
  public static final ConfigKey<String> USER_JAR_SHA256 = ConfigKey.string("weft.am.userJarSha256", "",
      "SHA-256 (hex) of the staged user jar");
  public static final ConfigKey<Long> USER_JAR_SIZE = ConfigKey.longValue("weft.am.userJarSize", 0, 0,
      Long.MAX_VALUE, "size in bytes of the staged user jar (0 = unknown)");
  public static final ConfigKey<Integer> MAX_EXECUTOR_FAILURES = ConfigKey.integer("weft.am.maxExecutorFailures", 0,
      0, 100_000, "executor containers that may fail (launch or crash) before the application fails;"
          + " 0 = max(2 x num-executors, 3)");
  public static final ConfigKey<Duration> ALLOCATE_MAX_WAIT = ConfigKey.millis("weft.am.allocate.max-wait-ms", 1000,
      0, "how long an Allocate call may be held by the RM (long poll) when there is nothing new");

  private AmKeys() {}
}
