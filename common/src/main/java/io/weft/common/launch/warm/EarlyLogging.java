package io.weft.common.launch.warm;

import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Log4j configured in a warm JVM before its claim, so that the container does not parse and build the
 * configuration itself (measured with the CPU of the AM and executors from their claim to their registration,
 * see docs/warm-jvms.md). It is safe because nothing of it depends on the container: the configuration comes
 * from Weft's class path, which is the pool's too (a command with another class path starts cold); its
 * appenders write to the process's stderr, whose file the NodeManager moves into the container's log
 * directory at the claim (an open file follows a rename); no line is logged before the claim; and a command
 * with {@code -Dlog4j*} properties, which log4j reads as it starts, starts cold ({@code WarmCommand}). What
 * can differ is a {@code ${sys:...}} lookup in the configuration (Weft's reads {@code weft.log.level}): a
 * claim that sets system properties reconfigures log4j after setting them, as a cold JVM would have been
 * configured with them.
 */
final class EarlyLogging {
  private EarlyLogging() {}

  /** Before the claim: builds log4j's configuration, logging nothing. */
  static void start() {
    LogManager.getContext(false);
  }

  /** After the claim set {@code systemProperties}: reads the configuration again if any was set. */
  static void claimed(Map<String, String> systemProperties) {
    if (!systemProperties.isEmpty() && LogManager.getContext(false) instanceof LoggerContext context) {
      context.reconfigure();
    }
  }
}
