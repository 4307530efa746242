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

  public static final ConfigKey<Integer> CACHE_MAX_APPLICATIONS = ConfigKey.integer(
      "weft.historyserver.cache.max-applications", 50, 1, 100_000,
      "finished applications whose driver UI the history server keeps in memory, rebuilt from their event logs "
          + "(least recently viewed dropped first; Spark's spark.history.retainedApplications)");

  public static final ConfigKey<Long> RETAIN_SECONDS = ConfigKey.longValue("weft.historyserver.retain-seconds",
      604_800, 1, Long.MAX_VALUE, "how long the history server keeps an application's event log after it last "
          + "changed (Spark's spark.history.fs.cleaner.maxAge; container logs have weft.log-aggregation.retain-seconds)");

  public static final ConfigKey<Integer> RETAIN_MAX_APPLICATIONS = ConfigKey.integer(
      "weft.historyserver.retain-max-applications", 10_000, 1, 10_000_000,
      "most event logs the history server keeps; beyond it the oldest are deleted (Spark's "
          + "spark.history.fs.cleaner.maxNum)");

  public static final ConfigKey<java.time.Duration> CLEANER_INTERVAL = ConfigKey.millis(
      "weft.historyserver.cleaner.interval-ms", 3_600_000, 1_000,
      "how often the history server deletes event logs past weft.historyserver.retain-seconds or "
          + "weft.historyserver.retain-max-applications");

  public static final ConfigKey<Long> LOG_RETAIN_SECONDS = ConfigKey.longValue("weft.log-aggregation.retain-seconds",
      7 * 24 * 3600L, -1, Long.MAX_VALUE,
      "how long the history server keeps an application's aggregated container logs after the newest of them "
          + "last changed (its event log has weft.historyserver.retain-seconds) (YARN's yarn.log-aggregation.retain-seconds); -1 = forever");

  public static final ConfigKey<Long> LOG_RETENTION_CHECK_SECONDS = ConfigKey.longValue(
      "weft.log-aggregation.retain-check-interval-seconds", 3600, 1, Long.MAX_VALUE,
      "how often the history server deletes applications older than weft.log-aggregation.retain-seconds (YARN's "
          + "yarn.log-aggregation.retain-check-interval-seconds)");

  private HistoryKeys() {}

  /** Registers the keys, so configuration checks and the reference know them. */
  public static void declare() {}
}
