package io.weft.rm.scheduler;

import io.weft.common.id.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which rack each node is in, from configuration: {@code host=/rack} pairs, comma separated, where
 * the host is a host name or a node id {@code host:port} (the node id wins). Unlisted nodes are in
 * {@code /default-rack}, as in YARN without a topology script.
 */
public record RackMapping(Map<String, String> rackByHost) {
  public static final RackMapping NONE = new RackMapping(Map.of());

  public RackMapping {
    rackByHost = Map.copyOf(rackByHost);
  }

  /**
   * Parses {@code host=/rack,host=/rack}; refuses a pair without '=', a blank host, or a rack that does not
   * start with '/', naming the pair and {@code key}.
   */
  public static RackMapping parse(String text, String key) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String host = eq < 0 ? "" : pair.substring(0, eq).strip();
      String rack = eq < 0 ? "" : pair.substring(eq + 1).strip();
      if (host.isEmpty() || !rack.startsWith("/") || rack.length() < 2) {
        throw new io.weft.common.config.ConfigException("configuration " + key + ": '" + pair.strip()
            + "' is not host=/rack (a host name or host:port, '=', then a rack name starting with '/')");
      }
      map.put(host, rack);
    }
    return new RackMapping(map);
  }

  public String rackOf(NodeId node) {
    String rack = rackByHost.get(node.toString());
    return rack != null ? rack : rackByHost.getOrDefault(node.host(), NodeView.DEFAULT_RACK);
  }
}
