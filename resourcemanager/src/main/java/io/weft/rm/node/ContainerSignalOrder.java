package io.weft.rm.node;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.launch.ContainerSignal;

/** A signal a user asked for, waiting for the container's node to hear it with its next heartbeat answer. */
public record ContainerSignalOrder(ContainerId container, ContainerSignal signal) {
  public ContainerSignalOrder {
    requireNonNull(container);
    requireNonNull(signal);
  }
}
