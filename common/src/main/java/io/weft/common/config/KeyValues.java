package io.weft.common.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --conf key=value} pairs, as every command and daemon of Weft takes them. */
public final class KeyValues {
  private KeyValues() {}

  /** Parses {@code key=value} pairs; the error names the {@code flag} and the bad pair. */
  public static Map<String, String> parse(List<String> pairs, String flag) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(flag + " '" + pair + "' is not of the form key=value");
      }
      map.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return map;
  }

  /**
   * A daemon's command line: only {@code --conf key=value} (or {@code --conf=key=value}), repeated.
   * {@code usage} is shown for anything else.
   */
  public static Map<String, String> fromDaemonArgs(String[] args, String usage) {
    List<String> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--conf") && i + 1 < args.length) {
        pairs.add(args[++i]);
      } else if (args[i].startsWith("--conf=")) {
        pairs.add(args[i].substring("--conf=".length()));
      } else {
        throw new ConfigException("unknown argument '" + args[i] + "'; usage: " + usage);
      }
    }
    return parse(pairs, "--conf");
  }
}
