package io.weft.nm.device;

import io.weft.common.config.ConfigException;
import io.weft.common.config.ConfigRegistry;
import io.weft.common.config.WeftConfig;
import io.weft.common.resource.ResourceTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The devices of each resource type this node offers, by the ids containers are told ({@code 0}, {@code 1}, ...).
 * For a type {@code t} of {@code weft.resource-types}: {@code weft.nodemanager.resource.t.discovery-script} names
 * an executable printing the device indexes (one per line or comma separated; YARN's GPU plugin runs nvidia-smi
 * the same way), or {@code weft.nodemanager.resource.t} gives a count (devices 0 to count-1). Neither: none.
 */
public record DeviceInventory(Map<String, List<String>> byType) {
  public static final DeviceInventory NONE = new DeviceInventory(Map.of());
  public static final String PREFIX = "weft.nodemanager.resource.";
  public static final String SCRIPT_SUFFIX = ".discovery-script";
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_:.-]+");
  private static final long SCRIPT_TIMEOUT_SECONDS = 30;

  public DeviceInventory {
    Map<String, List<String>> copy = new TreeMap<>();
    byType.forEach((type, ids) -> copy.put(type, List.copyOf(ids)));
    byType = Map.copyOf(copy);
  }

  /** How many devices of each type: what the node advertises besides memory and vcores. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    byType.forEach((type, ids) -> counts.put(type, (long) ids.size()));
    return counts;
  }

  /**
   * The environment a container holding {@code held} is told its devices by: {@code WEFT_<TYPE>_DEVICES} for each
   * type the node has, and {@code CUDA_VISIBLE_DEVICES} for gpu, comma-separated ids, empty when it holds none of
   * that type (so a CUDA program in a container that asked for no GPU sees none).
   */
  public Map<String, String> environment(Map<String, List<String>> held) {
    Map<String, String> env = new TreeMap<>();
    for (String type : byType.keySet()) {
      String ids = String.join(",", held.getOrDefault(type, List.of()));
      env.put(variable(type), ids);
      if (type.equals("gpu")) {
        env.put("CUDA_VISIBLE_DEVICES", ids);
      }
    }
    return env;
  }

  /** {@code WEFT_GPU_DEVICES} for gpu; characters other than letters and digits become '_'. */
  public static String variable(String type) {
    return "WEFT_" + type.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_DEVICES";
  }

  /** Reads (and runs the discovery scripts of) every type the configuration gives this node. */
  public static DeviceInventory from(WeftConfig config, ResourceTypes types) {
    refuseUnknownTypes(config, types);
    Map<String, List<String>> byType = new TreeMap<>();
    for (String type : types.names()) {
      String countKey = PREFIX + type;
      String scriptKey = countKey + SCRIPT_SUFFIX;
      var count = config.raw(countKey).map(String::strip).filter(s -> !s.isEmpty());
      var script = config.raw(scriptKey).map(String::strip).filter(s -> !s.isEmpty());
      if (count.isPresent() && script.isPresent()) {
        throw new ConfigException("configuration " + countKey + "=" + count.get() + " and " + scriptKey + "="
            + script.get() + " both set; give the count or the discovery script, not both");
      }
      if (script.isPresent()) {
        byType.put(type, parse(run(script.get(), scriptKey), scriptKey));
      } else if (count.isPresent()) {
        byType.put(type, countOf(count.get(), countKey));
      }
    }
    return new DeviceInventory(byType);
  }

  /** A count or a script for a type missing from {@code weft.resource-types} is a mistake, not something to ignore. */
  private static void refuseUnknownTypes(WeftConfig config, ResourceTypes types) {
    for (String key : config.asMap().keySet()) {
      if (!key.startsWith(PREFIX) || ConfigRegistry.find(key).isPresent()) {
        continue; // memory-mb, cpu-vcores, cgroups.*: declared keys
      }
      String type = key.substring(PREFIX.length());
      if (type.endsWith(SCRIPT_SUFFIX)) {
        type = type.substring(0, type.length() - SCRIPT_SUFFIX.length());
      }
      if (!type.contains(".") && !types.contains(type)) {
        throw new ConfigException("configuration " + key + " advertises resource type '" + type + "', which is not "
            + "one of the cluster's resource types [" + types + "] (weft.resource-types)");
      }
    }
  }

  static List<String> countOf(String text, String key) {
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ConfigException("configuration " + key + "=" + text + " is not a count");
    }
    if (n < 0 || n > 1024) {
      throw new ConfigException("configuration " + key + "=" + text + " must be between 0 and 1024");
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(Integer.toString(i));
    }
    return ids;
  }

  /** Device ids from a discovery script's output: one per line or comma separated, blank ones skipped. */
  static List<String> parse(String output, String key) {
    Set<String> ids = new LinkedHashSet<>();
    for (String part : output.split("[,\\n\\r]")) {
      String id = part.strip();
      if (id.isEmpty()) {
        continue;
      }
      if (!DEVICE_ID.matcher(id).matches()) {
        throw new ConfigException("the discovery script of " + key + " printed '" + id + "', which is not a "
            + "device index (letters, digits, '_', ':', '.', '-')");
      }
      if (!ids.add(id)) {
        throw new ConfigException("the discovery script of " + key + " printed device '" + id + "' twice");
      }
    }
    return List.copyOf(ids);
  }

  private static String run(String script, String key) {
    try {
      Process p = new ProcessBuilder(script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ConfigException("the discovery script " + key + "=" + script + " did not exit within "
            + SCRIPT_TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new ConfigException("the discovery script " + key + "=" + script + " exited with " + p.exitValue());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("the discovery script " + key + "=" + script + " could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("interrupted while running the discovery script " + key + "=" + script);
    }
  }
}
