package io.weft.client.admin;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's node labels (YARN's partitions) and which node names (hosts or host:port) carry one.
 *
 * @param labels label name to whether it is exclusive (always true: Weft supports exclusive labels only)
 * @param nodes node name to its labels (one)
 */
public record ClusterNodeLabels(Map<String, Boolean> labels, Map<String, List<String>> nodes) {
  public ClusterNodeLabels {
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    nodes = java.util.Collections.unmodifiableMap(new TreeMap<>(nodes));
  }

  public static ClusterNodeLabels fromProto(io.weft.proto.GetClusterNodeLabelsResponse r) {
    Map<String, Boolean> labels = new TreeMap<>();
    r.getLabelsList().forEach(l -> labels.put(l.getName(), l.getExclusive()));
    Map<String, List<String>> nodes = new TreeMap<>();
    r.getNodesList().forEach(n -> nodes.put(n.getNode(), List.copyOf(n.getLabelsList())));
    return new ClusterNodeLabels(labels, nodes);
  }

  /** As {@code yarn cluster --list-node-labels} prints them: {@code <gpu:exclusivity=true>,<ssd:exclusivity=true>}. */
  public String describeLabels() {
    StringBuilder sb = new StringBuilder();
    labels.forEach((name, exclusive) -> sb.append(sb.isEmpty() ? "" : ",").append('<').append(name)
        .append(":exclusivity=").append(exclusive).append('>'));
    return sb.toString();
  }
}
