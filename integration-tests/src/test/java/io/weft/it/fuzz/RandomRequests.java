package io.weft.it.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Random request targets and bodies for the web servers: the routes' own shapes with random
 * segments (raw, percent-encoded, {@code ..}, unicode, very long), random query strings with the
 * parameters the routes read, and JSON that is valid, broken, deep or large.
 */
final class RandomRequests {
  /** Route templates; {@code {}} is a random segment. */
  static final List<String> RM_ROUTES = List.of("/", "/cluster", "/cluster/apps", "/cluster/nodes",
      "/cluster/scheduler", "/cluster/app/{}", "/static/{}", "/ws/v1", "/ws/v1/cluster", "/ws/v1/cluster/info",
      "/ws/v1/cluster/metrics", "/ws/v1/cluster/scheduler", "/ws/v1/cluster/apps", "/ws/v1/cluster/apps/{}",
      "/ws/v1/cluster/apps/{}/appattempts", "/ws/v1/cluster/apps/{}/appattempts/{}/containers",
      "/ws/v1/cluster/apps/{}/state", "/ws/v1/cluster/apps/new-application", "/ws/v1/cluster/nodes",
      "/ws/v1/cluster/nodes/{}", "/ws/v1/console/utilization", "/proxy/{}", "/proxy/{}/{}", "/proxy/{}/{}/{}",
      "/logs/{}", "/logs/{}/{}", "/metrics", "/{}", "/ws/v1/cluster/{}", "/cluster/{}/{}");
  static final List<String> NM_ROUTES = List.of("/", "/node", "/node/containerlogs/{}/{}",
      "/node/containerlogs/{}/{}/{}", "/ws/v1/node", "/ws/v1/node/info", "/ws/v1/node/apps", "/ws/v1/node/apps/{}",
      "/ws/v1/node/containers", "/ws/v1/node/containers/{}", "/ws/v1/node/containerlogs/{}/{}", "/metrics",
      "/logs/{}", "/{}", "/node/{}");
  /** The REST write routes; the RM refuses other methods on them. */
  static final List<String> RM_WRITES = List.of("POST /ws/v1/cluster/apps", "POST /ws/v1/cluster/apps/new-application",
      "PUT /ws/v1/cluster/apps/{}/state", "PUT /ws/v1/cluster/apps/{}/queue", "DELETE /ws/v1/cluster/apps/{}",
      "POST /ws/v1/cluster/apps/{}/state", "DELETE /ws/v1/cluster/apps/{}/state");
  private static final List<String> QUERY_KEYS = List.of("states", "state", "queue", "user", "limit", "offset", "sort",
      "order", "startedTimeBegin", "startedTimeEnd", "finishedTimeBegin", "finishedTimeEnd", "applicationTypes",
      "applicationTags", "user.name", "start", "end", "filename", "format", "deSelects", "states[]");

  private RandomRequests() {}

  static byte[] target(String template, Random random) {
    StringBuilder target = new StringBuilder();
    String[] parts = template.split("\\{}", -1);
    for (int i = 0; i < parts.length; i++) {
      target.append(parts[i]);
      if (i < parts.length - 1) {
        target.append(segment(random));
      }
    }
    if (random.nextBoolean()) {
      target.append('?').append(query(random));
    }
    byte[] bytes = target.toString().getBytes(StandardCharsets.UTF_8);
    return random.nextInt(20) == 0 ? withRawByte(bytes, random) : bytes;
  }

  private static String segment(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> "..";
      case 1 -> "../../../../etc/passwd";
      case 2 -> encode(FuzzValues.anyString(random));
      case 3 -> "%" + Integer.toHexString(random.nextInt(256)) + (random.nextBoolean() ? "%" : "%zz");
      case 4 -> "%2e%2e%2f%2e%2e%2fetc%2fpasswd";
      case 5 -> FuzzValues.randomUnicode(random, 1 + random.nextInt(20)).replaceAll("[\\s#?]", "_");
      default -> FuzzValues.randomAscii(random, random.nextInt(40)).replaceAll("[\\s#?]", "_");
    };
  }

  private static String query(Random random) {
    StringBuilder query = new StringBuilder();
    int count = random.nextInt(5);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        query.append('&');
      }
      String key = random.nextInt(4) == 0 ? FuzzValues.randomAscii(random, 8) : QUERY_KEYS.get(random.nextInt(
          QUERY_KEYS.size()));
      String value = FuzzValues.anyString(random);
      query.append(encode(key)).append('=').append(random.nextBoolean() ? encode(value)
          : value.replaceAll("[\\s#]", "+"));
    }
    return query.toString();
  }

  /**
   * A control or high byte somewhere: what no client library sends, and a server must still refuse.
   * Not CR, LF, tab or space: those end the target, and the rest of the line becomes a bad HTTP
   * version (Jetty answers 505) — the framing of HTTP, not the routes.
   */
  private static byte[] withRawByte(byte[] target, Random random) {
    byte[] copy = target.clone();
    if (copy.length > 1) {
      int b = random.nextBoolean() ? random.nextInt(32) : 128 + random.nextInt(128);
      copy[1 + random.nextInt(copy.length - 1)] = (byte) (b == '\r' || b == '\n' || b == '\t' ? 0x7f : b);
    }
    return copy;
  }

  static byte[] body(Random random) {
    String body = switch (random.nextInt(9)) {
      case 0 -> "";
      case 1 -> "{\"state\":\"" + (random.nextBoolean() ? "KILLED" : FuzzValues.anyString(random)) + "\"}";
      case 2 -> "{\"queue\":" + json(FuzzValues.anyString(random)) + "}";
      case 3 -> "[".repeat(random.nextInt(5000)) + "]".repeat(random.nextInt(5000));
      case 4 -> submission(random);
      case 5 -> FuzzValues.randomUnicode(random, random.nextInt(200));
      case 6 -> "{\"application-id\":" + json(FuzzValues.anyString(random)) + ",\"application-name\":"
          + json(FuzzValues.anyString(random)) + "}";
      case 7 -> "{\"a\":\"" + "x".repeat(FuzzValues.LONG_STRING_CHARS) + "\"}";
      default -> "{" + FuzzValues.randomAscii(random, random.nextInt(60));
    };
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /** A submission shaped like YARN's, with random values; it runs nothing the fuzzer could not run itself. */
  private static String submission(Random random) {
    return "{\"application-id\":" + json(random.nextBoolean() ? "application_1_1" : FuzzValues.anyString(random))
        + ",\"application-name\":" + json(FuzzValues.anyString(random)) + ",\"queue\":"
        + json(random.nextBoolean() ? "default" : FuzzValues.anyString(random))
        + ",\"am-container-spec\":{\"commands\":{\"command\":" + json(random.nextBoolean() ? "true"
            : FuzzValues.anyString(random)) + "},\"environment\":{\"entry\":[{\"key\":"
        + json(FuzzValues.anyString(random)) + ",\"value\":" + json(FuzzValues.anyString(random)) + "}]}}"
        + ",\"resource\":{\"memory\":" + FuzzValues.anyLong(random) + ",\"vCores\":" + FuzzValues.anyLong(random)
        + "},\"max-app-attempts\":" + FuzzValues.anyLong(random) + "}";
  }

  private static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('"').toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
