package io.weft.common.web;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a handler answers: status, content type, body and extra headers. The body is handed over, not copied: the
 * array is the answer's from then on, and nobody changes it. A copy on the way in and another on the way out were
 * two thirds of a large listing's bytes (365 KB each for a REST listing of a busy RM, answered ~100 times a second
 * by a client in a loop), garbage the collector's threads then competed with the RM's core to clear.
 */
public record WebResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String JSON = "application/json; charset=utf-8";
  public static final String HTML = "text/html; charset=utf-8";
  public static final String TEXT = "text/plain; charset=utf-8";

  public WebResponse {
    requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  public static WebResponse json(int status, Object value) {
    return new WebResponse(status, JSON, Json.write(value), Map.of());
  }

  public static WebResponse json(Object value) {
    return json(200, value);
  }

  public static WebResponse html(String page) {
    return new WebResponse(200, HTML, page.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public static WebResponse text(int status, String text) {
    return new WebResponse(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public static WebResponse bytes(int status, String contentType, byte[] body) {
    return new WebResponse(status, contentType, body, Map.of());
  }

  public static WebResponse redirect(String location) {
    return new WebResponse(302, TEXT, new byte[0], Map.of("Location", location));
  }

  public WebResponse withHeader(String name, String value) {
    var all = new java.util.LinkedHashMap<>(headers);
    all.put(name, value);
    return new WebResponse(status, contentType, body, all);
  }
}
