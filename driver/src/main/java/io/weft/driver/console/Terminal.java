package io.weft.driver.console;

import io.weft.common.launch.ContainerEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process's stderr is a terminal, and how wide the terminal is. */
public final class Terminal {
  private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");
  private static final int DEFAULT_COLUMNS = 80;
  /**
   * Set to 1 by {@code weft submit} for a driver JVM it starts with piped output (for
   * {@code --driver-java-options}) when its own stderr is a terminal: the pipe ends there.
   */
  public static final String STDERR_TERMINAL_ENV = "WEFT_STDERR_IS_TERMINAL";

  private Terminal() {}

  /**
   * On Linux, whether file descriptor 2 is a terminal device ({@code /dev/pts/N} or {@code /dev/tty*}):
   * a pipe or a file is not. Elsewhere, {@code System.console() != null}, which on Java 17 through 21
   * means stdin and stdout are a terminal (Java 22 returns a console even when redirected, so the
   * {@code /proc} check comes first). {@link #STDERR_TERMINAL_ENV} set to 1 says yes.
   */
  public static boolean stderrIsTerminal() {
    if ("1".equals(ContainerEnvironment.current().get(STDERR_TERMINAL_ENV))) {
      return true;
    }
    try {
      String target = Files.readSymbolicLink(STDERR_LINK).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  /** {@code $COLUMNS} when it is a sensible number, else 80 (Java cannot ask the terminal itself). */
  public static int columns(String columnsVariable) {
    try {
      int columns = Integer.parseInt(columnsVariable == null ? "" : columnsVariable.trim());
      return columns >= 20 && columns <= 1000 ? columns : DEFAULT_COLUMNS;
    } catch (NumberFormatException e) {
      return DEFAULT_COLUMNS;
    }
  }
}
