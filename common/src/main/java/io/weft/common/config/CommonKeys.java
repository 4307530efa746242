package io.weft.common.config;

/** Keys more than one role reads. Role-specific keys live in each module's own {@code *Keys} class. */
public final class CommonKeys {
  public static final ConfigKey<String> RM_ADDRESS = ConfigKey.string("weft.resourcemanager.address",
      "127.0.0.1:8032",
      "host:port of the ResourceManager's gRPC server (clients, AMs and NMs dial it; the RM binds it, 0 = ephemeral)");

  public static final ConfigKey<String> RM_WEBAPP_ADDRESS = ConfigKey.string("weft.resourcemanager.webapp.address",
      "127.0.0.1:8088", "host:port of the ResourceManager's web console; tracking URLs point here");

  public static final ConfigKey<java.time.Duration> RPC_TIMEOUT = ConfigKey.millis("weft.rpc.timeout-ms", 30_000, 1,
      "deadline of every unary gRPC call between Weft processes");

  public static final ConfigKey<java.time.Duration> RM_CONNECT_MAX_WAIT = ConfigKey.millis(
      "weft.resourcemanager.connect.max-wait-ms", 900_000, 0,
      "how long ApplicationMasters and clients (weft submit, WeftClient) keep retrying a ResourceManager that cannot be "
          + "reached (a restart, a network blip) before giving up (YARN's yarn.resourcemanager.connect.max-wait.ms)");

  public static final ConfigKey<java.time.Duration> RM_CONNECT_RETRY_INTERVAL = ConfigKey.millis(
      "weft.resourcemanager.connect.retry-interval-ms", 500, 1,
      "the longest pause between two tries to reach the ResourceManager: retries back off exponentially "
          + "from 50 ms up to this, with jitter, so a restarted RM is found again within about this long");

  // Written by the client, read by the AM: where the user's jar is staged, to ship it to executors.
  public static final ConfigKey<String> AM_USER_JAR_URI = ConfigKey.string("weft.am.userJarUri", "",
      "where the user's jar is staged (staging:<sha256>); the AM localizes it into every executor as __app__.jar");
  public static final ConfigKey<String> AM_USER_JAR_SHA256 = ConfigKey.string("weft.am.userJarSha256", "",
      "SHA-256 (hex) of the staged user jar");
  public static final ConfigKey<Long> AM_USER_JAR_SIZE = ConfigKey.longValue("weft.am.userJarSize", 0, 0,
      Long.MAX_VALUE, "size in bytes of the staged user jar (0 = unknown)");

  public static final ConfigKey<String> AM_SHIPPED = ConfigKey.string("weft.am.shipped", "",
      "set by weft submit in cluster mode: the --jars/--files for the AM and executors (see ShippedResource)");

  private CommonKeys() {}
}
