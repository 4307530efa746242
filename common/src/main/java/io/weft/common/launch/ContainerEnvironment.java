package io.weft.common.launch;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one place Weft code reads its container's environment. In a JVM the NodeManager started for the
 * container (a cold launch) that is the process environment. In a warm JVM, started ahead of need with
 * the pool's environment and handed a container later (see {@code io.weft.common.launch.warm.WarmJvm}),
 * the process environment is the pool's: the container's variables are installed here before its main
 * runs, so code that reads them through this class sees the same values in both cases.
 */
public final class ContainerEnvironment {
  /** Set once, by a warm JVM, before the container's main runs; null in a cold JVM. */
  private static volatile Map<String, String> handedOver;

  private ContainerEnvironment() {}

  /** Every variable of the container's environment (unmodifiable). */
  public static Map<String, String> current() {
    Map<String, String> env = handedOver;
    return env != null ? env : System.getenv();
  }

  /** The value of {@code name} in the container's environment, if set. */
  public static Optional<String> get(String name) {
    return Optional.ofNullable(current().get(name));
  }

  /** The container's working directory, absolute. */
  public static Path workingDirectory() {
    Map<String, String> env = handedOver;
    // A warm JVM was started in another directory, renamed to the container's since: PWD names it.
    if (env != null && env.containsKey(ContainerEnv.PWD)) {
      return Path.of(env.get(ContainerEnv.PWD));
    }
    return Path.of("").toAbsolutePath();
  }

  /**
   * Installs the environment handed to a warm JVM. Only a warm JVM calls this, once, before the
   * container's main; a second call is a bug (a warm JVM is never reused).
   */
  public static synchronized void installHandedOver(Map<String, String> environment) {
    if (handedOver != null) {
      throw new IllegalStateException("a container environment was already handed to this JVM");
    }
    handedOver = Map.copyOf(environment);
  }
}
