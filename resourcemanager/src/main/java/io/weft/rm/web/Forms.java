package io.weft.rm.web;

import io.weft.common.rpc.WeftException;
import io.weft.common.web.WebRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The fields of an HTML form's POST body ({@code application/x-www-form-urlencoded}); anything else has none. */
final class Forms {
  private Forms() {}

  static Map<String, String> parse(WebRequest r) {
    Map<String, String> fields = new HashMap<>();
    if (!r.header("Content-Type", "").toLowerCase(java.util.Locale.ROOT)
        .startsWith("application/x-www-form-urlencoded")) {
      return fields;
    }
    for (String pair : r.bodyText().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        try {
          fields.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw WeftException.invalidArgument("form field '" + pair.substring(0, eq) + "' is not URL-encoded: "
              + e.getMessage());
        }
      }
    }
    return fields;
  }
}
