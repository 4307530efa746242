package io.weft.common.rpc;

import io.weft.common.launch.ContainerSignal;
import io.weft.proto.SignalContainerCommand;

/** {@link ContainerSignal} to and from the wire. */
public final class ContainerSignals {
  private ContainerSignals() {}

  public static SignalContainerCommand toProto(ContainerSignal signal) {
    return switch (signal) {
      case OUTPUT_THREAD_DUMP -> SignalContainerCommand.OUTPUT_THREAD_DUMP;
      case GRACEFUL_SHUTDOWN -> SignalContainerCommand.GRACEFUL_SHUTDOWN;
      case FORCEFUL_SHUTDOWN -> SignalContainerCommand.FORCEFUL_SHUTDOWN;
    };
  }

  /** Fails naming the value for a command left unset or unknown to this version. */
  public static ContainerSignal fromProto(SignalContainerCommand command) {
    return switch (command) {
      case OUTPUT_THREAD_DUMP -> ContainerSignal.OUTPUT_THREAD_DUMP;
      case GRACEFUL_SHUTDOWN -> ContainerSignal.GRACEFUL_SHUTDOWN;
      case FORCEFUL_SHUTDOWN -> ContainerSignal.FORCEFUL_SHUTDOWN;
      case SIGNAL_COMMAND_UNSPECIFIED, UNRECOGNIZED -> throw WeftException.invalidArgument("signal command " + command
          + " is not one of OUTPUT_THREAD_DUMP, GRACEFUL_SHUTDOWN, FORCEFUL_SHUTDOWN");
    };
  }
}
