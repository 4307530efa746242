package io.weft.common.web;

import java.util.Map;

/** Builds a page in Prometheus' text exposition format (version 0.0.4). */
public final class Prometheus {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder out = new StringBuilder();

  public Prometheus gauge(String name, String help, double value) {
    return metric(name, "gauge", help, Map.of(), value);
  }

  public Prometheus counter(String name, String help, double value) {
    return metric(name, "counter", help, Map.of(), value);
  }

  /** One metric with a HELP and TYPE line and one sample with {@code labels}. */
  public Prometheus metric(String name, String type, String help, Map<String, String> labels, double value) {
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
        .append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return sample(name, labels, value);
  }

  /** A further sample of the metric declared just before. */
  public Prometheus sample(String name, Map<String, String> labels, double value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{');
      String sep = "";
      for (var e : new java.util.TreeMap<>(labels).entrySet()) {
        out.append(sep).append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\")
            .replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        sep = ",";
      }
      out.append('}');
    }
    out.append(' ');
    if (value == Math.rint(value) && !Double.isInfinite(value)) {
      out.append((long) value);
    } else {
      out.append(value);
    }
    out.append('\n');
    return this;
  }

  public WebResponse response() {
    return WebResponse.bytes(200, CONTENT_TYPE, out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
