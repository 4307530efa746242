package io.weft.client.submit;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A client-mode driver with JVM options of its own ({@code --driver-java-options}): JVM options cannot
 * be applied to a running JVM, so {@code weft submit} starts itself again in a child JVM with them
 * (and {@code -Xmx} of the driver memory), passing on its configuration, and waits for it; the
 * child runs the driver as usual and its exit code is the command's.
 */
public final class DriverJvm {
  /** Set in the child's environment, so it runs the driver instead of starting yet another JVM. */
  public static final String RELAUNCHED_ENV = "WEFT_SUBMIT_DRIVER_JVM";
  static final String CLI_MAIN = "io.weft.client.cli.WeftCli";

  private final PrintStream out;
  private final PrintStream err;

  public DriverJvm(PrintStream out, PrintStream err) {
    this.out = requireNonNull(out);
    this.err = requireNonNull(err);
  }

  public static boolean isRelaunched(Map<String, String> environment) {
    return environment.containsKey(RELAUNCHED_ENV);
  }

  /**
   * Runs {@code weft <submitArgs>} in a new JVM with {@code javaOptions}; {@code config} (this
   * process's weft-site and WEFT_OPTS settings) reaches it as {@code -D} properties.
   */
  public int relaunch(List<String> javaOptions, long driverMemoryMb, Map<String, String> config,
      List<String> submitArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + driverMemoryMb + "m");
    config.forEach((k, v) -> command.add("-D" + k + "=" + v));
    for (String inherited : List.of("log4j.configurationFile", "log4j2.configurationFile")) {
      String value = System.getProperty(inherited);
      if (value != null) {
        command.add("-D" + inherited + "=" + value);
      }
    }
    command.addAll(javaOptions); // after Weft's own, so the user's win
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CLI_MAIN));
    command.addAll(submitArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put(RELAUNCHED_ENV, "1");
    if (io.weft.driver.console.Terminal.stderrIsTerminal()) { // its stderr is pumped to ours: draw progress there
      builder.environment().put(io.weft.driver.console.Terminal.STDERR_TERMINAL_ENV, "1");
    }
    Process child;
    try {
      child = builder.start();
    } catch (IOException e) {
      throw WeftException.invalidArgument("cannot start the driver JVM with --driver-java-options " + javaOptions
          + ": " + e.getMessage());
    }
    Thread stdout = pump(child.getInputStream(), out, "driver-stdout");
    Thread stderr = pump(child.getErrorStream(), err, "driver-stderr");
    try {
      int exit = child.waitFor();
      stdout.join();
      stderr.join();
      return exit;
    } catch (InterruptedException e) {
      child.destroy();
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static Thread pump(InputStream from, OutputStream to, String name) {
    Thread thread = new Thread(() -> {
      try (from) {
        from.transferTo(to);
        to.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Splits JVM options as a shell would: on whitespace, except inside single or double quotes,
   * which are removed ({@code -Da='x y' -Xss4m} is two options).
   */
  public static List<String> splitOptions(String text) {
    List<String> options = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inOption = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inOption = true;
      } else if (Character.isWhitespace(c)) {
        if (inOption) {
          options.add(current.toString());
          current.setLength(0);
          inOption = false;
        }
      } else {
        current.append(c);
        inOption = true;
      }
    }
    if (quote != 0) {
      throw WeftException.invalidArgument("driver Java options " + text + " have an unclosed " + quote);
    }
    if (inOption) {
      options.add(current.toString());
    }
    return options;
  }
}
