package io.weft.rm.web;

import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.LogStores;
import java.util.Optional;
import java.util.function.Function;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.rm.config.RmKeys;

/**
 * The web app's security settings.
 *
 * @param restAppWrites {@code weft.webapp.enable-rest-app-submissions}
 * @param tls the web server speaks HTTPS (session cookies are then {@code Secure})
 * @param logAggregation {@code weft.log-aggregation-enable} resolved: REST shows DISABLED without it
 * @param logStore with aggregation on, opens the log store as a caller (the console's log pages fall back to it)
 */
public record WebSettings(boolean restAppWrites, boolean tls, boolean logAggregation,
    Optional<Function<LogStores.Caller, LogStore>> logStore) {
  public static WebSettings from(WeftConfig config) {
    boolean aggregation = LogStores.aggregationEnabled(config);
    return new WebSettings(config.get(RmKeys.REST_APP_SUBMISSIONS), config.get(CommonKeys.TLS_ENABLED),
        aggregation, aggregation ? Optional.of(caller -> LogStores.open(config, caller)) : Optional.empty());
  }

  public static final WebSettings DEFAULT = new WebSettings(true, false, false, Optional.empty());
}
