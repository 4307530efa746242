package io.weft.rm.web;

import io.weft.common.config.WeftConfig;
import io.weft.rm.RmKeys;
import java.time.Duration;

/**
 * The web proxy's bounds ({@code weft.web-proxy.*}): how long it waits on a tracking URL, how much
 * of an answer it relays, and how many requests may wait at once.
 */
public record ProxySettings(Duration connectTimeout, Duration readTimeout, long maxResponseBytes, int maxConcurrent) {
  static final ProxySettings DEFAULT = from(WeftConfig.empty());

  public static ProxySettings from(WeftConfig config) {
    return new ProxySettings(config.get(RmKeys.WEB_PROXY_CONNECT_TIMEOUT), config.get(RmKeys.WEB_PROXY_READ_TIMEOUT),
        config.get(RmKeys.WEB_PROXY_MAX_RESPONSE_BYTES), config.get(RmKeys.WEB_PROXY_MAX_CONCURRENT_REQUESTS));
  }
}
