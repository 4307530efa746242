package io.weft.common.web;

import io.weft.common.rpc.WeftException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request, as handlers see it: the path parameters named in the route, the query
 * parameters (repeated and comma-separated values both kept), the body, the request headers (names
 * in lower case) and, over TLS, the client's certificate chain (leaf first; empty without one).
 */
public record WebRequest(String method, String path, Map<String, String> pathParams,
    Map<String, List<String>> query, byte[] body, Map<String, List<String>> headers,
    List<X509Certificate> peerCertificates) {
  public WebRequest {
    pathParams = Map.copyOf(pathParams);
    // in the order given, so that a proxy passes the query on as it came
    query = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(query));
    body = body.clone();
    Map<String, List<String>> lower = new java.util.TreeMap<>();
    headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
        .addAll(values));
    headers = Map.copyOf(lower);
    peerCertificates = List.copyOf(peerCertificates);
  }

  /** A request without headers or a client certificate. */
  public WebRequest(String method, String path, Map<String, String> pathParams, Map<String, List<String>> query,
      byte[] body) {
    this(method, path, pathParams, query, body, Map.of(), List.of());
  }

  /** The first value of header {@code name} (any case), or {@code fallback}. */
  public String header(String name, String fallback) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? fallback : values.get(0);
  }

  /** The value of cookie {@code name} from the Cookie headers, if sent. */
  public Optional<String> cookie(String name) {
    for (String header : headers.getOrDefault("cookie", List.of())) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
          return Optional.of(pair.substring(eq + 1).strip());
        }
      }
    }
    return Optional.empty();
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
