package io.weft.client.cli;

import io.weft.common.rpc.WeftException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code yarn rmadmin}'s node label arguments, parsed; a malformed one is refused naming it. */
final class NodeLabelArgs {
  private static final Pattern LABEL = Pattern.compile("\\s*([^\\s(),=]+)\\s*(?:\\(\\s*exclusive\\s*=\\s*(\\w+)\\s*\\))?\\s*");

  private NodeLabelArgs() {}

  /** {@code "gpu(exclusive=true),ssd"}: label name to exclusive (default true). */
  static Map<String, Boolean> labelsToAdd(String text) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (String part : splitOutsideParentheses(text)) {
      Matcher m = LABEL.matcher(part);
      if (!m.matches()) {
        throw WeftException.invalidArgument("node label '" + part.strip() + "' in \"" + text + "\" is not "
            + "name or name(exclusive=true|false)");
      }
      boolean exclusive = true;
      if (m.group(2) != null) {
        String value = m.group(2).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
          throw WeftException.invalidArgument("node label " + m.group(1) + ": exclusive=" + m.group(2)
              + " is not true or false");
        }
        exclusive = Boolean.parseBoolean(value);
      }
      out.put(m.group(1), exclusive);
    }
    if (out.isEmpty()) {
      throw WeftException.invalidArgument("no node label in \"" + text + "\"; give e.g. \"gpu(exclusive=true),ssd\"");
    }
    return out;
  }

  /** {@code "gpu,ssd"}. */
  static List<String> labelNames(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    if (out.isEmpty()) {
      throw WeftException.invalidArgument("no node label in \"" + text + "\"; give e.g. \"gpu,ssd\"");
    }
    return out;
  }

  /** {@code "host:port=gpu host2=ssd host3="}: node name to its labels (an empty list takes the label off). */
  static Map<String, Set<String>> nodeToLabels(String text) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (String entry : text.strip().split("\\s+")) {
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw WeftException.invalidArgument("'" + entry + "' in \"" + text + "\" is not node[:port]=label");
      }
      Set<String> labels = new LinkedHashSet<>();
      for (String label : entry.substring(eq + 1).split(",")) {
        if (!label.isBlank()) {
          labels.add(label.strip());
        }
      }
      if (out.put(entry.substring(0, eq), labels) != null) {
        throw WeftException.invalidArgument("node " + entry.substring(0, eq) + " is named twice in \"" + text + "\"");
      }
    }
    if (out.isEmpty()) {
      throw WeftException.invalidArgument("no node in \"" + text + "\"; give e.g. \"host1:8041=gpu host2=ssd\"");
    }
    return out;
  }

  private static List<String> splitOutsideParentheses(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    parts.removeIf(String::isBlank);
    return parts;
  }
}
