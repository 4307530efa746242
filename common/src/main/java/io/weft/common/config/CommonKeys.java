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

  private CommonKeys() {}
}
