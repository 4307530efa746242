package io.weft.common.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import java.time.Duration;

/**
 * How long a web server waits on a client: {@code idle} without a byte either way before it closes
 * the connection, and {@code requestRead} from accepting a connection to having read its first
 * request's head, so a client that sends half a request (or trickles it) is dropped.
 */
public record WebTimeouts(Duration idle, Duration requestRead) {
  public static final WebTimeouts DEFAULT = from(WeftConfig.empty());

  public WebTimeouts {
    requireNonNull(idle);
    requireNonNull(requestRead);
  }

  public static WebTimeouts from(WeftConfig config) {
    return new WebTimeouts(config.get(CommonKeys.WEBAPP_IDLE_TIMEOUT), config.get(CommonKeys.WEBAPP_REQUEST_READ_TIMEOUT));
  }
}
