package io.weft.common.launch;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.KeyValues;
import io.weft.common.rpc.WeftException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What {@code weft distributed-shell} tells the distributed-shell ApplicationMaster on its command
 * line, and the one place that writes, reads and checks that form: {@code --num-containers N
 * --container-memory-mb M --container-vcores V --priority P (--shell-command CMD | --script-uri U
 * --script-size S --script-sha256 H) [--shell-args ARGS] [--shell-env k=v]... [--container-resources gpu=1,...]
 * [--node-label-expression L]}. A script is staged by the client; the AM localizes it into every container as {@link #SCRIPT_LINK}.
 */
public record DistributedShellArgs(int numContainers, long containerMemoryMb, int containerVcores, int priority,
    String shellCommand, StagedScript script, String shellArgs, Map<String, String> shellEnv,
    Map<String, Long> containerResources, String nodeLabelExpression) {
  public static final String MAIN_CLASS = "io.weft.am.shell.DistributedShellAm";
  /** The script's name in each container's working directory (YARN's distributed shell uses the same). */
  public static final String SCRIPT_LINK = "ExecScript.sh";
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A script in RM staging: {@code staging:<sha256>}, its size and hex SHA-256. */
  public record StagedScript(String uri, long size, String sha256) {
    public StagedScript {
      requireNonNull(uri);
      requireNonNull(sha256);
    }
  }

  /** Containers of memory and vcores only, without a node label expression. */
  public DistributedShellArgs(int numContainers, long containerMemoryMb, int containerVcores, int priority,
      String shellCommand, StagedScript script, String shellArgs, Map<String, String> shellEnv) {
    this(numContainers, containerMemoryMb, containerVcores, priority, shellCommand, script, shellArgs, shellEnv,
        Map.of(), "");
  }

  /** Containers holding {@code containerResources} of other types too, without a node label expression. */
  public DistributedShellArgs(int numContainers, long containerMemoryMb, int containerVcores, int priority,
      String shellCommand, StagedScript script, String shellArgs, Map<String, String> shellEnv,
      Map<String, Long> containerResources) {
    this(numContainers, containerMemoryMb, containerVcores, priority, shellCommand, script, shellArgs, shellEnv,
        containerResources, "");
  }

  /** Containers of memory and vcores only, on nodes of {@code nodeLabelExpression}. */
  public DistributedShellArgs(int numContainers, long containerMemoryMb, int containerVcores, int priority,
      String shellCommand, StagedScript script, String shellArgs, Map<String, String> shellEnv,
      String nodeLabelExpression) {
    this(numContainers, containerMemoryMb, containerVcores, priority, shellCommand, script, shellArgs, shellEnv,
        Map.of(), nodeLabelExpression);
  }

  public DistributedShellArgs {
    nodeLabelExpression = nodeLabelExpression == null ? "" : nodeLabelExpression.strip();
    shellEnv = Map.copyOf(shellEnv);
    containerResources = Map.copyOf(new TreeMap<>(containerResources));
    requireNonNull(shellArgs, "shellArgs");
    if (numContainers < 1) {
      throw WeftException.invalidArgument("--num-containers must be at least 1, got " + numContainers);
    }
    if (containerMemoryMb < 1) {
      throw WeftException.invalidArgument("--container-memory must be positive, got " + containerMemoryMb + " MB");
    }
    if (containerVcores < 1) {
      throw WeftException.invalidArgument("--container-vcores must be at least 1, got " + containerVcores);
    }
    if (priority < 0) {
      throw WeftException.invalidArgument("--priority must not be negative, got " + priority);
    }
    if ((shellCommand == null) == (script == null)) {
      throw WeftException.invalidArgument("give exactly one of --shell-command and --shell-script");
    }
    if (shellCommand != null && shellCommand.isBlank()) {
      throw WeftException.invalidArgument("--shell-command must not be empty");
    }
    shellEnv.keySet().forEach(DistributedShellArgs::requireEnvName);
  }

  /** Parses {@code --shell-env} values ({@code NAME=value}, NAME a shell variable name). */
  public static Map<String, String> parseEnv(List<String> pairs) {
    Map<String, String> env = KeyValues.parse(pairs, "--shell-env");
    env.keySet().forEach(DistributedShellArgs::requireEnvName);
    return env;
  }

  private static void requireEnvName(String name) {
    if (!ENV_NAME.matcher(name).matches()) {
      throw WeftException.invalidArgument("--shell-env name '" + name
          + "' is not a shell variable name (letters, digits and _, not starting with a digit)");
    }
  }

  /**
   * Parses {@code --container-resources} (YARN's distributed shell {@code --container_resources}): comma-separated
   * {@code type=count} of the cluster's resource types besides memory and vcores, e.g. {@code gpu=1}.
   */
  public static Map<String, Long> parseResources(String text) {
    Map<String, Long> out = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.split(",")) {
      String pair = part.strip();
      int eq = pair.indexOf('=');
      String type = eq < 0 ? pair : pair.substring(0, eq).strip();
      if (eq <= 0 || type.isEmpty()) {
        throw WeftException.invalidArgument("--container-resources entry '" + pair + "' is not type=count (e.g. gpu=1)");
      }
      if (type.equals("memory-mb") || type.equals("memory") || type.equals("vcores")) {
        throw WeftException.invalidArgument("--container-resources names " + type + "; give memory with "
            + "--container-memory and vcores with --container-vcores");
      }
      long count;
      try {
        count = Long.parseLong(pair.substring(eq + 1).strip());
      } catch (NumberFormatException e) {
        throw WeftException.invalidArgument("--container-resources " + type + " count '" + pair.substring(eq + 1)
            + "' is not a whole number");
      }
      if (count < 0) {
        throw WeftException.invalidArgument("--container-resources " + type + " must not be negative, got " + count);
      }
      if (out.put(type, count) != null) {
        throw WeftException.invalidArgument("--container-resources names " + type + " twice");
      }
    }
    return out;
  }

  /** The argv each container runs: {@code bash -c "<command or bash ExecScript.sh> <shell-args>"}. */
  public List<String> containerCommand() {
    String program = shellCommand != null ? shellCommand : "bash " + SCRIPT_LINK;
    return List.of("bash", "-c", shellArgs.isBlank() ? program : program + " " + shellArgs);
  }

  public List<String> toArgs() {
    List<String> args = new ArrayList<>(List.of("--num-containers", Integer.toString(numContainers),
        "--container-memory-mb", Long.toString(containerMemoryMb),
        "--container-vcores", Integer.toString(containerVcores), "--priority", Integer.toString(priority)));
    if (shellCommand != null) {
      args.addAll(List.of("--shell-command", shellCommand));
    } else {
      args.addAll(List.of("--script-uri", script.uri(), "--script-size", Long.toString(script.size()),
          "--script-sha256", script.sha256()));
    }
    if (!shellArgs.isEmpty()) {
      args.addAll(List.of("--shell-args", shellArgs));
    }
    shellEnv.forEach((k, v) -> args.addAll(List.of("--shell-env", k + "=" + v)));
    if (!containerResources.isEmpty()) {
      List<String> pairs = new ArrayList<>();
      containerResources.forEach((type, count) -> pairs.add(type + "=" + count));
      args.addAll(List.of("--container-resources", String.join(",", pairs)));
    }
    if (!nodeLabelExpression.isEmpty()) {
      args.addAll(List.of("--node-label-expression", nodeLabelExpression));
    }
    return args;
  }

  public static DistributedShellArgs parse(String[] args) {
    Map<String, String> single = new LinkedHashMap<>();
    List<String> env = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw WeftException.invalidArgument("distributed shell AM argument " + args[i] + " has no value");
      }
      switch (args[i]) {
        case "--num-containers", "--container-memory-mb", "--container-vcores", "--priority", "--shell-command",
            "--script-uri", "--script-size", "--script-sha256", "--shell-args", "--container-resources",
            "--node-label-expression" ->
            single.put(args[i], args[i + 1]);
        case "--shell-env" -> env.add(args[i + 1]);
        default -> throw WeftException.invalidArgument("unknown distributed shell AM argument " + args[i]);
      }
    }
    StagedScript script = single.containsKey("--script-uri") ? new StagedScript(single.get("--script-uri"),
        number(single, "--script-size", "0"), single.getOrDefault("--script-sha256", "")) : null;
    return new DistributedShellArgs((int) number(single, "--num-containers", "1"),
        number(single, "--container-memory-mb", "1024"), (int) number(single, "--container-vcores", "1"),
        (int) number(single, "--priority", "0"), single.get("--shell-command"), script,
        single.getOrDefault("--shell-args", ""), parseEnv(env), parseResources(single.get("--container-resources")),
        single.getOrDefault("--node-label-expression", ""));
  }

  private static long number(Map<String, String> args, String name, String fallback) {
    String text = args.getOrDefault(name, fallback);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw WeftException.invalidArgument("distributed shell AM argument " + name + " '" + text + "' is not a number");
    }
  }
}
