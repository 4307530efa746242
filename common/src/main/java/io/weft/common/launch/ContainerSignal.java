package io.weft.common.launch;

import io.weft.common.rpc.WeftException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user may ask the NodeManager to do to a running container (YARN's SignalContainerCommand),
 * and the signal it sends to the container's process group for it. The container's launch script
 * ignores SIGQUIT (bash always does) and waits out SIGTERM, so a thread dump leaves the container
 * running and a graceful shutdown still records the command's own exit code.
 */
public enum ContainerSignal {
  OUTPUT_THREAD_DUMP("QUIT"),
  GRACEFUL_SHUTDOWN("TERM"),
  FORCEFUL_SHUTDOWN("KILL");

  private final String signalName;

  ContainerSignal(String signalName) {
    this.signalName = signalName;
  }

  /** The name {@code kill -NAME} takes. */
  public String signalName() {
    return signalName;
  }

  /** Parses a command name as YARN spells it (any case); unknown names fail naming the known ones. */
  public static ContainerSignal parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw WeftException.invalidArgument("unknown signal command '" + name + "'; expected one of "
          + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
  }
}
