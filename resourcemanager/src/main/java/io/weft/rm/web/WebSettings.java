package io.weft.rm.web;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.rm.RmKeys;

/**
 * The web app's security settings.
 *
 * @param restAppWrites {@code weft.webapp.enable-rest-app-submissions}
 * @param tls the web server speaks HTTPS (session cookies are then {@code Secure})
 */
public record WebSettings(boolean restAppWrites, boolean tls) {
  public static WebSettings from(WeftConfig config) {
    return new WebSettings(config.get(RmKeys.REST_APP_SUBMISSIONS), config.get(CommonKeys.TLS_ENABLED));
  }

  public static final WebSettings DEFAULT = new WebSettings(true, false);
}
