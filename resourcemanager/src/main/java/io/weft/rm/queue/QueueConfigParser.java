package io.weft.rm.queue;

import io.weft.common.rpc.WeftException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the capacity queues from {@code weft.scheduler.capacity.*} keys, YARN-style
 * ({@code weft.scheduler.capacity.root.queues=default,analytics},
 * {@code weft.scheduler.capacity.root.analytics.capacity=30}, ...), and validates the whole tree:
 * a file with any mistake is refused with the first mistake named (key, value, limit). Without
 * {@code root.queues} the tree is a single {@code default} leaf holding all of the cluster. Every
 * queue's AM share defaults to YARN's 10% ({@code weft.scheduler.capacity.maximum-am-resource-percent}
 * changes it): without a share, a burst of applications fills the cluster with AMs that wait
 * forever for their workers. The scheduler always lets one AM run in a queue whose share is
 * smaller than one AM container, so a small share slows a burst down but never stops it.
 */
public final class QueueConfigParser {
  public static final String PREFIX = "weft.scheduler.capacity.";
  static final String ROOT = "root";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Set<String> GLOBAL = Set.of("maximum-am-resource-percent", "maximum-applications");
  private static final List<String> SUFFIXES = List.of("queues", "capacity", "maximum-capacity", "user-limit-factor",
      "maximum-applications", "maximum-am-resource-percent", "state", "acl_submit_applications",
      "acl_administer_queue", "accessible-node-labels", "default-node-label-expression");
  private static final String LABELS = ".accessible-node-labels";
  /** YARN's node label names: letters, digits, '_' and '-', starting with a letter or digit. */
  static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,254}");
  private static final double DEFAULT_AM_SHARE = 0.1;
  private static final int DEFAULT_MAX_APPLICATIONS = 10_000;

  private final Map<String, String> values = new TreeMap<>();
  private final Set<String> used = new HashSet<>();
  private final Acl rootAdministerDefault;

  private QueueConfigParser(Map<String, String> all, Acl rootAdministerDefault) {
    this.rootAdministerDefault = rootAdministerDefault;
    all.forEach((k, v) -> {
      if (k.startsWith(PREFIX)) {
        values.put(k.substring(PREFIX.length()), v.strip());
      }
    });
  }

  /** The validated tree from every {@code weft.scheduler.capacity.*} key in {@code config}. */
  public static QueueSpec parse(Map<String, String> config) {
    return parse(config, Acl.ALL);
  }

  /**
   * As {@link #parse(Map)}, with root's {@code acl_administer_queue} defaulting to {@code rootAdministerDefault}
   * rather than YARN's {@code *} (with authenticated users, the RM passes {@code weft.admin.acl}: otherwise
   * every user could kill every application).
   */
  public static QueueSpec parse(Map<String, String> config, Acl rootAdministerDefault) {
    return new QueueConfigParser(config, rootAdministerDefault).parseTree();
  }

  private QueueSpec parseTree() {
    double amShare = fraction("maximum-am-resource-percent", DEFAULT_AM_SHARE);
    int maxApps = integer("maximum-applications", DEFAULT_MAX_APPLICATIONS);
    if (!values.containsKey(ROOT + ".queues")) {
      // as YARN: root may use every label and its children inherit that
      QueueSpec leaf = new QueueSpec("root.default", 100, 100, 1, 1, 1, maxApps, amShare, QueueState.RUNNING,
          Acl.NOBODY, Acl.NOBODY, List.of(), new NodeLabelAccess(Set.of(NodeLabelAccess.ANY), Map.of(), ""));
      rejectUnknownKeys();
      return new QueueSpec(ROOT, 100, 100, 1, 1, 1, maxApps, amShare, QueueState.RUNNING, Acl.ALL,
          rootAdministerDefault, List.of(leaf), NodeLabelAccess.ROOT);
    }
    QueueSpec root = queue(ROOT, 1, 1, amShare, maxApps, new HashMap<>(), NodeLabelAccess.ROOT);
    rejectUnknownKeys();
    return root;
  }

  private QueueSpec queue(String path, double parentAbs, double parentAbsMax, double amShare, int maxApps,
      Map<String, String> leafNames, NodeLabelAccess parentLabels) {
    boolean isRoot = path.equals(ROOT);
    double capacity = isRoot ? 100 : percent(path + ".capacity", null);
    double maximum = isRoot ? 100 : percent(path + ".maximum-capacity", 100.0);
    if (maximum < capacity) {
      throw bad(path + ".maximum-capacity", String.valueOf(maximum), "must be at least the queue's capacity "
          + capacity);
    }
    double abs = parentAbs * capacity / 100;
    double absMax = parentAbsMax * maximum / 100;
    double ulf = positive(path + ".user-limit-factor", 1);
    int apps = integer(path + ".maximum-applications", maxApps);
    double am = fraction(path + ".maximum-am-resource-percent", amShare);
    QueueState state = state(path + ".state");
    Acl submit = acl(path + ".acl_submit_applications", isRoot ? Acl.ALL : Acl.NOBODY);
    Acl admin = acl(path + ".acl_administer_queue", isRoot ? rootAdministerDefault : Acl.NOBODY);
    NodeLabelAccess labels = isRoot ? NodeLabelAccess.ROOT : labels(path, parentLabels);
    List<QueueSpec> children = new ArrayList<>();
    String list = take(path + ".queues");
    if (list != null) {
      Set<String> seen = new HashSet<>();
      for (String name : list.split(",")) {
        String n = name.strip();
        if (!NAME.matcher(n).matches() || !seen.add(n)) {
          throw bad(path + ".queues", list, "queue names must be distinct and use only letters, digits, '_' and '-'");
        }
        children.add(queue(path + "." + n, abs, absMax, am, apps, leafNames, labels));
      }
      double sum = children.stream().mapToDouble(QueueSpec::capacity).sum();
      if (Math.abs(sum - 100) > 1e-6) {
        throw bad(path + ".queues", list, "the capacities of its children add up to " + sum + "%, not 100%");
      }
      checkLabelSums(path, list, children);
    } else if (!isRoot) {
      String other = leafNames.put(path.substring(path.lastIndexOf('.') + 1), path);
      if (other != null) {
        throw bad(path + ".capacity", String.valueOf(capacity), "leaf queue names must be unique, and "
            + other + " has the same name");
      }
    }
    return new QueueSpec(path, capacity, maximum, abs, absMax, ulf, apps, am, state, submit, admin, children,
        labels);
  }

  /**
   * A queue's node labels: {@code accessible-node-labels} (inherited from the parent when unset, as in YARN;
   * blank = none), each accessible label's capacity (default 0) and maximum-capacity (default 100), percent of
   * the parent's share of that partition, and {@code default-node-label-expression} (inherited too).
   */
  private NodeLabelAccess labels(String path, NodeLabelAccess parent) {
    String list = take(path + LABELS);
    Set<String> accessible = new java.util.TreeSet<>();
    if (list == null) {
      accessible.addAll(parent.accessible());
    } else {
      for (String label : list.split(",")) {
        String l = label.strip();
        if (l.isEmpty()) {
          continue;
        }
        if (!l.equals(NodeLabelAccess.ANY) && !LABEL.matcher(l).matches()) {
          throw bad(path + LABELS, list, "node labels use only letters, digits, '_' and '-' (or * for every label)");
        }
        if (!l.equals(NodeLabelAccess.ANY) && !parent.mayUse(l)) {
          throw bad(path + LABELS, list, "label " + l + " is not accessible to the parent queue (its "
              + "accessible-node-labels: " + (parent.accessible().isEmpty() ? "none" : parent.describe()) + ")");
        }
        accessible.add(l);
      }
    }
    Set<String> named = new java.util.TreeSet<>(accessible);
    named.remove(NodeLabelAccess.ANY);
    String prefix = path + LABELS + ".";
    for (String key : values.keySet()) {
      if (key.startsWith(prefix) && (key.endsWith(".capacity") || key.endsWith(".maximum-capacity"))) {
        String label = key.substring(prefix.length(), key.lastIndexOf('.'));
        if (!accessible.contains(NodeLabelAccess.ANY) && !accessible.contains(label)) {
          throw bad(key, values.get(key), "label " + label + " is not in the queue's accessible-node-labels ("
              + (accessible.isEmpty() ? "none" : String.join(",", accessible)) + ")");
        }
        named.add(label);
      }
    }
    Map<String, NodeLabelAccess.LabelCapacity> capacities = new TreeMap<>();
    for (String label : named) {
      String key = prefix + label;
      double capacity = percent(key + ".capacity", 0.0);
      double maximum = percent(key + ".maximum-capacity", 100.0);
      if (maximum < capacity) {
        throw bad(key + ".maximum-capacity", String.valueOf(maximum), "must be at least the queue's capacity "
            + capacity + " in partition " + label);
      }
      NodeLabelAccess.LabelCapacity above = parent.capacity(label);
      capacities.put(label, new NodeLabelAccess.LabelCapacity(capacity, maximum,
          above.absoluteCapacity() * capacity / 100, above.absoluteMaximumCapacity() * maximum / 100));
    }
    String expression = take(path + ".default-node-label-expression");
    String defaultExpression = expression == null ? parent.defaultExpression() : expression.strip();
    if (!defaultExpression.isEmpty() && !accessible.contains(NodeLabelAccess.ANY)
        && !accessible.contains(defaultExpression)) {
      throw bad(path + ".default-node-label-expression", defaultExpression, "the queue may not use that label (its "
          + "accessible-node-labels: " + (accessible.isEmpty() ? "none" : String.join(",", accessible)) + ")");
    }
    return new NodeLabelAccess(accessible, capacities, defaultExpression);
  }

  /** The children's capacities in each partition add up to 100% (or, where none is given, to 0%). */
  private static void checkLabelSums(String path, String list, List<QueueSpec> children) {
    Map<String, Double> sums = new TreeMap<>();
    for (QueueSpec child : children) {
      child.labels().capacities().forEach((label, c) -> sums.merge(label, c.capacity(), Double::sum));
    }
    sums.forEach((label, sum) -> {
      if (sum > 1e-6 && Math.abs(sum - 100) > 1e-6) {
        throw bad(path + ".queues", list, "the capacities of its children in partition " + label + " add up to "
            + sum + "%, not 100% (" + PREFIX + "<child>" + LABELS + "." + label + ".capacity)");
      }
    });
  }

  private String take(String key) {
    used.add(key);
    return values.get(key);
  }

  private double percent(String key, Double fallback) {
    String text = take(key);
    if (text == null) {
      if (fallback == null) {
        throw WeftException.invalidArgument("queue configuration " + PREFIX + key + " is missing; every queue "
            + "needs a capacity (percent of its parent, 0-100)");
      }
      return fallback;
    }
    double v = number(key, text);
    if (v < 0 || v > 100) {
      throw bad(key, text, "must be a percentage between 0 and 100");
    }
    return v;
  }

  private double fraction(String key, double fallback) {
    String text = take(key);
    if (text == null) {
      return fallback;
    }
    double v = number(key, text);
    if (v < 0 || v > 1) {
      throw bad(key, text, "must be a fraction between 0 and 1 (0.1 = 10%)");
    }
    return v;
  }

  private double positive(String key, double fallback) {
    String text = take(key);
    if (text == null) {
      return fallback;
    }
    double v = number(key, text);
    if (!(v > 0)) {
      throw bad(key, text, "must be greater than 0");
    }
    return v;
  }

  private int integer(String key, int fallback) {
    String text = take(key);
    if (text == null) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(text);
      if (v < 0) {
        throw bad(key, text, "must be 0 (no limit) or more");
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(key, text, "must be a whole number");
    }
  }

  private double number(String key, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw bad(key, text, "must be a number");
    }
  }

  private QueueState state(String key) {
    String text = take(key);
    if (text == null) {
      return QueueState.RUNNING;
    }
    try {
      return QueueState.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(key, text, "must be RUNNING or STOPPED");
    }
  }

  private Acl acl(String key, Acl fallback) {
    used.add(key);
    String text = values.get(key);
    return text == null ? fallback : Acl.parse(text);
  }

  private void rejectUnknownKeys() {
    for (String key : values.keySet()) {
      if (used.contains(key) || GLOBAL.contains(key)) {
        continue;
      }
      boolean queueKey = SUFFIXES.stream().anyMatch(s -> key.endsWith("." + s)) || key.contains(LABELS + ".");
      throw WeftException.invalidArgument("queue configuration " + PREFIX + key + " "
          + (queueKey ? "names a queue that is not in the tree under root" : "is not a known queue setting")
          + "; known settings are " + SUFFIXES);
    }
  }

  private static WeftException bad(String key, String value, String rule) {
    return WeftException.invalidArgument("queue configuration " + PREFIX + key + "=" + value + " is refused: " + rule);
  }
}
