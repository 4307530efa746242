package io.weft.rm.web;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.rm.config.RmKeys;
import java.time.Duration;

/**
 * The web proxy's bounds ({@code weft.web-proxy.*}): how long it waits on a tracking URL, how much
 * of an answer it relays, and how many requests may wait at once; and {@code historyWebUrl}, the history
 * server's web root ({@code http(s)://host:port}, empty when the RM's configuration does not set
 * {@code weft.historyserver.webapp.address}), where a Weft driver's application is sent once it ended.
 */
public record ProxySettings(Duration connectTimeout, Duration readTimeout, long maxResponseBytes, int maxConcurrent,
    String historyWebUrl) {
  static final ProxySettings DEFAULT = from(WeftConfig.empty());

  public static ProxySettings from(WeftConfig config) {
    // only when set: a cluster without a history server keeps the proxy's page of the final state
    String history = config.raw(CommonKeys.HISTORY_WEBAPP_ADDRESS.key()).filter(a -> !a.isBlank())
        .map(address -> (config.get(CommonKeys.TLS_ENABLED) ? "https://" : "http://") + address.trim()).orElse("");
    return new ProxySettings(config.get(RmKeys.WEB_PROXY_CONNECT_TIMEOUT), config.get(RmKeys.WEB_PROXY_READ_TIMEOUT),
        config.get(RmKeys.WEB_PROXY_MAX_RESPONSE_BYTES), config.get(RmKeys.WEB_PROXY_MAX_CONCURRENT_REQUESTS), history);
  }
}
