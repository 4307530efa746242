package io.weft.common.launch;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the client tells the driver-hosting ApplicationMaster on its command line, and the one
 * place that writes and reads that form: {@code --mode cluster --class C --jar __app__.jar
 * --num-executors N --executor-memory-mb M --executor-cores C [--conf k=v]... [--arg a]...}.
 * In client mode {@code --driver host:port} names the remote driver and {@code --class}/{@code --jar}
 * are absent.
 */
public record AppMasterArgs(
    DeployMode mode,
    String mainClass,
    String userJar,
    List<String> appArgs,
    int numExecutors,
    long executorMemoryMb,
    int executorCores,
    String driverAddress,
    Map<String, String> conf) {

  public static final String MAIN_CLASS = "io.weft.am.ApplicationMasterMain";
  /** Link name of the user's jar in the AM and executor working directories. */
  public static final String APP_JAR_LINK = "__app__.jar";

  public enum DeployMode { CLUSTER, CLIENT }

  public AppMasterArgs {
    requireNonNull(mode, "mode");
    appArgs = List.copyOf(appArgs);
    conf = Map.copyOf(conf);
    if (mode == DeployMode.CLUSTER && (mainClass == null || userJar == null)) {
      throw WeftException.invalidArgument("cluster mode needs a main class and a user jar");
    }
    if (mode == DeployMode.CLIENT && driverAddress == null) {
      throw WeftException.invalidArgument("client mode needs the driver's address");
    }
  }

  public List<String> toArgs() {
    List<String> args = new ArrayList<>(List.of("--mode", mode.name().toLowerCase(java.util.Locale.ROOT)));
    if (mainClass != null) {
      args.addAll(List.of("--class", mainClass));
    }
    if (userJar != null) {
      args.addAll(List.of("--jar", userJar));
    }
    if (driverAddress != null) {
      args.addAll(List.of("--driver", driverAddress));
    }
    args.addAll(List.of("--num-executors", Integer.toString(numExecutors),
        "--executor-memory-mb", Long.toString(executorMemoryMb),
        "--executor-cores", Integer.toString(executorCores)));
    conf.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    appArgs.forEach(a -> args.addAll(List.of("--arg", a)));
    return args;
  }

  public static AppMasterArgs parse(String[] args) {
    DeployMode mode = null;
    String mainClass = null;
    String jar = null;
    String driver = null;
    int numExecutors = 0;
    long memory = 0;
    int cores = 0;
    Map<String, String> conf = new LinkedHashMap<>();
    List<String> appArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw WeftException.invalidArgument("AM argument " + args[i] + " has no value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--mode" -> mode = DeployMode.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        case "--class" -> mainClass = value;
        case "--jar" -> jar = value;
        case "--driver" -> driver = value;
        case "--num-executors" -> numExecutors = Integer.parseInt(value);
        case "--executor-memory-mb" -> memory = Long.parseLong(value);
        case "--executor-cores" -> cores = Integer.parseInt(value);
        case "--conf" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw WeftException.invalidArgument("AM --conf '" + value + "' is not key=value");
          }
          conf.put(value.substring(0, eq), value.substring(eq + 1));
        }
        case "--arg" -> appArgs.add(value);
        default -> throw WeftException.invalidArgument("unknown AM argument " + args[i]);
      }
    }
    if (mode == null) {
      throw WeftException.invalidArgument("AM arguments lack --mode");
    }
    return new AppMasterArgs(mode, mainClass, jar, appArgs, numExecutors, memory, cores, driver, conf);
  }
}
