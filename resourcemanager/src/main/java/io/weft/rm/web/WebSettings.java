package io.weft.rm.web;

import io.weft.common.logstore.LogStores;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.rm.RmKeys;

/**
 * The web app's security settings.
 *
 * @param restAppWrites {@code weft.webapp.enable-rest-app-submissions}
 * @param tls the web server speaks HTTPS (session cookies are then {@code Secure})
 * @param logAggregation {@code weft.log-aggregation-enable} resolved: REST shows DISABLED without it
 */
public record WebSettings(boolean restAppWrites, boolean tls, boolean logAggregation) {
  public static WebSettings from(WeftConfig config) {
    return new WebSettings(config.get(RmKeys.REST_APP_SUBMISSIONS), config.get(CommonKeys.TLS_ENABLED),
        LogStores.aggregationEnabled(config));
  }

  public static final WebSettings DEFAULT = new WebSettings(true, false, false);
}
