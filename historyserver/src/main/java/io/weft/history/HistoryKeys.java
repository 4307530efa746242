package io.weft.history;

import io.weft.common.config.ConfigKey;

/** Keys only the history server reads; its addresses are in {@link io.weft.common.config.CommonKeys}. */
public final class HistoryKeys {
  public static final ConfigKey<String> DIR = ConfigKey.string("weft.historyserver.dir", "",
      "the directory of the history server's log store (<dir>/<application>/...); empty = "
          + "<java.io.tmpdir>/weft-history-<user>");

  public static final ConfigKey<String> BIND_HOST = ConfigKey.string("weft.historyserver.bind-host", "",
      "the host the history server's gRPC and web servers listen on (e.g. 0.0.0.0), with the ports of "
          + "weft.historyserver.address and weft.historyserver.webapp.address; empty = the hosts of those addresses");

  public static final ConfigKey<Long> RETAIN_SECONDS = ConfigKey.longValue("weft.log-aggregation.retain-seconds",
      7 * 24 * 3600L, -1, Long.MAX_VALUE,
      "how long the history server keeps an application's aggregated logs and event log after its newest file "
          + "last changed (YARN's yarn.log-aggregation.retain-seconds); -1 = forever");

  public static final ConfigKey<Long> RETENTION_CHECK_SECONDS = ConfigKey.longValue(
      "weft.log-aggregation.retain-check-interval-seconds", 3600, 1, Long.MAX_VALUE,
      "how often the history server deletes applications older than weft.log-aggregation.retain-seconds (YARN's "
          + "yarn.log-aggregation.retain-check-interval-seconds)");

  private HistoryKeys() {}

  /** Registers the keys, so configuration checks and the reference know them. */
  public static void declare() {}
}
