package io.weft.driver.executor;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.HostPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The executor's command line, written by the ApplicationMaster and read by {@link ExecutorMain}:
 * {@code --driver host:port --executor-id ID --cores N --app-id APPID [--user-jar PATH]}.
 */
public record ExecutorArgs(HostPort driver, String executorId, int cores, String applicationId,
    Optional<Path> userJar, List<Path> extraJars) {
  public ExecutorArgs(HostPort driver, String executorId, int cores, String applicationId, Optional<Path> userJar) {
    this(driver, executorId, cores, applicationId, userJar, List.of());
  }

  public ExecutorArgs {
    requireNonNull(driver, "driver");
    requireNonNull(executorId, "executorId");
    requireNonNull(applicationId, "applicationId");
    requireNonNull(userJar, "userJar");
    extraJars = List.copyOf(extraJars);
    if (cores < 1) {
      throw new IllegalArgumentException("executor --cores must be at least 1, got " + cores);
    }
  }

  public List<String> toArgs() {
    List<String> args = new ArrayList<>(List.of("--driver", driver.toString(), "--executor-id", executorId,
        "--cores", Integer.toString(cores), "--app-id", applicationId));
    userJar.ifPresent(jar -> args.addAll(List.of("--user-jar", jar.toString())));
    extraJars.forEach(jar -> args.addAll(List.of("--extra-jar", jar.toString())));
    return args;
  }

  public static ExecutorArgs parse(String[] args) {
    HostPort driver = null;
    String id = null;
    String app = null;
    int cores = 0;
    Path jar = null;
    List<Path> extra = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("executor argument " + args[i] + " has no value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--driver" -> driver = HostPort.parse(value, "executor --driver");
        case "--executor-id" -> id = value;
        case "--cores" -> cores = Integer.parseInt(value);
        case "--app-id" -> app = value;
        case "--user-jar" -> jar = Path.of(value);
        case "--extra-jar" -> extra.add(Path.of(value));
        default -> throw new IllegalArgumentException("unknown executor argument " + args[i]);
      }
    }
    if (driver == null || id == null || app == null) {
      throw new IllegalArgumentException("executor needs --driver, --executor-id and --app-id");
    }
    return new ExecutorArgs(driver, id, cores, app, Optional.ofNullable(jar), extra);
  }
}
