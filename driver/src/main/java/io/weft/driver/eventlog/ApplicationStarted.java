package io.weft.driver.eventlog;

import java.time.Instant;
import java.util.Map;

/**
 * The first line of an event log: who ran what, and with which settings ({@code conf}, already redacted),
 * so the history server can fill the listing and the environment page.
 */
public record ApplicationStarted(String appId, String name, String user, Instant time, Map<String, String> conf) {
  public ApplicationStarted {
    conf = Map.copyOf(conf);
  }
}
