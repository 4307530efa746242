package io.weft.nm.application;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import java.util.List;

/**
 * A snapshot of one application on this node. {@code containerIds}: its containers not yet done (YARN's
 * NM drops a container from its application when the container is DONE), in id order.
 */
public record ApplicationReport(ApplicationId id, String user, ApplicationState state, List<ContainerId> containerIds) {
  public ApplicationReport {
    requireNonNull(id);
    requireNonNull(user);
    requireNonNull(state);
    containerIds = List.copyOf(containerIds);
  }
}
