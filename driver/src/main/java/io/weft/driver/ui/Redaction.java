package io.weft.driver.ui;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Hides secrets from the environment page: a setting whose key mentions a secret, password, token or
 * key, and any value equal to one of the given secrets (e.g. the application's secret), shows as
 * {@link #REDACTED}.
 */
public final class Redaction {
  public static final String REDACTED = "*********(redacted)";
  private static final Pattern SENSITIVE_KEY = Pattern.compile("(?i)secret|password|passwd|token|credential|key");

  private Redaction() {}

  public static Map<String, String> redact(Map<String, String> settings, Collection<String> secrets) {
    Map<String, String> out = new TreeMap<>();
    settings.forEach((k, v) -> out.put(k, SENSITIVE_KEY.matcher(k).find()
        || !v.isEmpty() && secrets.contains(v) ? REDACTED : v));
    return out;
  }
}
