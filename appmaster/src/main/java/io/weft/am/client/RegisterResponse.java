package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.util.List;

/**
 * What the RM answers a registration: the largest container it will grant (ask no more), the
 * application's queue, and containers still running from earlier attempts of the application.
 */
public record RegisterResponse(Resource maximumCapability, String queue, List<Container> containersFromPreviousAttempts) {
  public RegisterResponse {
    requireNonNull(maximumCapability, "maximumCapability");
    requireNonNull(queue, "queue");
    containersFromPreviousAttempts = List.copyOf(containersFromPreviousAttempts);
  }
}
