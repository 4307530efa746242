package io.weft.common.web;

import io.weft.common.rpc.WeftException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request, as handlers see it: the path parameters named in the route, the query
 * parameters (repeated and comma-separated values both kept), and the body.
 */
public record WebRequest(String method, String path, Map<String, String> pathParams,
    Map<String, List<String>> query, byte[] body) {
  public WebRequest {
    pathParams = Map.copyOf(pathParams);
    // in the order given, so that a proxy passes the query on as it came
    query = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(query));
    body = body.clone();
  }

  public String param(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("route has no parameter " + name);
    }
    return value;
  }

  /** The first value of a query parameter, or {@code fallback}. */
  public String query(String name, String fallback) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? fallback : values.get(0);
  }

  /** A query parameter as a long; a value that is not a number is a 400 naming it. */
  public long queryLong(String name, long fallback) {
    String value = query(name, null);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw WeftException.invalidArgument("query parameter " + name + "='" + value + "' is not a whole number");
    }
  }

  /** Every value of a query parameter, split at commas, trimmed, blanks dropped. */
  public List<String> queryList(String name) {
    return query.getOrDefault(name, List.of()).stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
