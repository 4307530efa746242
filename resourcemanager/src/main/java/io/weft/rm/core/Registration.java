package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import io.weft.rm.container.Allocation;
import java.util.List;

/**
 * What a registering AM is told: the largest container it may ask for, and the containers still
 * running from earlier attempts (only when the application keeps containers across attempts).
 */
public record Registration(Resource maximumAllocation, List<Allocation> containersFromPreviousAttempts) {
  public Registration {
    requireNonNull(maximumAllocation, "maximumAllocation");
    containersFromPreviousAttempts = List.copyOf(containersFromPreviousAttempts);
  }
}
