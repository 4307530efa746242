package io.weft.rm.node;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.NodeId;
import io.weft.common.rpc.WeftException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The cluster's node labels (YARN's partitions) and which nodes carry them, set centrally by
 * {@code rmadmin}: a label exists once added to the cluster, and a node name (a host, for every NodeManager on
 * it, or a node id {@code host:port}, which wins over its host) carries at most one. Only exclusive labels:
 * a labelled node serves only asks that name its label. Immutable; every change returns a new value or
 * throws INVALID_ARGUMENT naming the label or node.
 *
 * @param labels the cluster's labels, by name, with whether each is exclusive (always true today)
 * @param nodes node name (host or host:port) to its label
 */
public record NodeLabels(Map<String, Boolean> labels, Map<String, String> nodes) {
  public static final NodeLabels NONE = new NodeLabels(Map.of(), Map.of());
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,254}");
  private static final String VERSION = "v1";

  /** A label as {@code -addToClusterNodeLabels} names it. */
  public record Label(String name, boolean exclusive) {}

  public NodeLabels {
    labels = Map.copyOf(labels);
    nodes = Map.copyOf(nodes);
  }

  /** With {@code added} in the cluster; adding a label again is a no-op, changing its exclusivity is refused. */
  public NodeLabels add(Collection<Label> added) {
    if (added.isEmpty()) {
      throw WeftException.invalidArgument("no node label to add; give labels as \"gpu(exclusive=true),ssd\"");
    }
    Map<String, Boolean> next = new TreeMap<>(labels);
    for (Label label : added) {
      checkName(label.name());
      if (!label.exclusive()) {
        throw WeftException.invalidArgument("node label " + label.name() + " is non-exclusive (exclusive=false), "
            + "which Weft does not support: its partitions are exclusive (a labelled node only serves asks naming "
            + "its label); add it with exclusive=true or without the option");
      }
      Boolean before = next.putIfAbsent(label.name(), label.exclusive());
      if (before != null && before != label.exclusive()) {
        throw WeftException.invalidArgument("node label " + label.name() + " exists with exclusive=" + before
            + "; the exclusivity of a label cannot be changed");
      }
    }
    return new NodeLabels(next, nodes);
  }

  /** Without {@code removed}; the nodes that carried one lose it (they join the default partition). */
  public NodeLabels remove(Collection<String> removed) {
    if (removed.isEmpty()) {
      throw WeftException.invalidArgument("no node label to remove");
    }
    Map<String, Boolean> next = new TreeMap<>(labels);
    for (String name : removed) {
      if (next.remove(name) == null) {
        throw unknown(name);
      }
    }
    Map<String, String> mapped = new TreeMap<>(nodes);
    mapped.values().removeIf(removed::contains);
    return new NodeLabels(next, mapped);
  }

  /**
   * With the labels of the named nodes replaced ({@code -replaceLabelsOnNode "host:port=gpu host2=ssd"}); an
   * empty set takes a node's label off; a host replaces the labels of every NodeManager on it. Every label must
   * exist; a node carries at most one.
   */
  public NodeLabels replace(Map<String, Set<String>> byNode) {
    if (byNode.isEmpty()) {
      throw WeftException.invalidArgument("no node to relabel; give \"host[:port]=label ...\"");
    }
    Map<String, String> mapped = new TreeMap<>(nodes);
    byNode.forEach((node, wanted) -> {
      checkNodeName(node);
      if (!node.contains(":")) {
        // as YARN: a host's new labels replace those of each NodeManager on it too
        mapped.keySet().removeIf(name -> name.startsWith(node + ":"));
      }
      if (wanted.size() > 1) {
        throw WeftException.invalidArgument("node " + node + " is given " + wanted.size() + " labels " + wanted
            + "; a node carries at most one label (its partition)");
      }
      if (wanted.isEmpty()) {
        mapped.remove(node);
        return;
      }
      String label = wanted.iterator().next();
      if (!labels.containsKey(label)) {
        throw unknown(label);
      }
      mapped.put(node, label);
    });
    return new NodeLabels(labels, mapped);
  }

  /** The partition of {@code node}: its node id's label, else its host's, else "" (the default partition). */
  public String partitionOf(NodeId node) {
    String label = nodes.get(node.toString());
    if (label == null) {
      label = nodes.get(node.host());
    }
    return label == null ? "" : label;
  }

  public boolean exists(String label) {
    return labels.containsKey(label);
  }

  /** The labels, sorted. */
  public List<String> names() {
    return List.copyOf(new TreeMap<>(labels).keySet());
  }

  private WeftException unknown(String label) {
    return WeftException.invalidArgument("node label " + label + " is not a cluster node label (cluster labels: "
        + (labels.isEmpty() ? "none" : String.join(",", names())) + "); add it with rmadmin -addToClusterNodeLabels");
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw WeftException.invalidArgument("node label '" + name + "' is refused: labels use letters, digits, '_' "
          + "and '-', start with a letter or digit, and are at most 255 characters");
    }
  }

  private static void checkNodeName(String node) {
    int colon = node.lastIndexOf(':');
    String host = colon < 0 ? node : node.substring(0, colon);
    boolean portOk = colon < 0 || node.substring(colon + 1).matches("\\d{1,5}");
    if (host.isBlank() || !portOk || node.contains("=") || node.contains(" ")) {
      throw WeftException.invalidArgument("node '" + node + "' is not a host or host:port");
    }
  }

  /** Lines of tab-separated fields, for the state store. */
  public byte[] encode() {
    StringBuilder sb = new StringBuilder(VERSION).append('\n');
    new TreeMap<>(labels).forEach((name, exclusive) -> sb.append("label\t").append(name).append('\t')
        .append(exclusive).append('\n'));
    new TreeMap<>(nodes).forEach((node, label) -> sb.append("node\t").append(node).append('\t').append(label)
        .append('\n'));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static NodeLabels decode(byte[] bytes) {
    requireNonNull(bytes);
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    if (lines.length == 0 || !lines[0].equals(VERSION)) {
      throw new IllegalArgumentException("not a " + VERSION + " node labels record");
    }
    Map<String, Boolean> labels = new TreeMap<>();
    Map<String, String> nodes = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split("\t", -1);
      if (f.length != 3) {
        throw new IllegalArgumentException("line " + (i + 1) + " of the node labels record has " + f.length
            + " fields, not 3");
      }
      switch (f[0]) {
        case "label" -> labels.put(f[1], Boolean.parseBoolean(f[2]));
        case "node" -> nodes.put(f[1], f[2]);
        default -> throw new IllegalArgumentException("line " + (i + 1) + " of the node labels record is a " + f[0]);
      }
    }
    return new NodeLabels(labels, nodes);
  }
}
