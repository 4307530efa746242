package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.util.List;

/**
 * What the RM answers a registration: the largest container it will grant (ask no more), the
 * application's queue, and the containers still running from earlier attempts of the application.
 * That list is empty unless the application was submitted to keep containers across attempts; its
 * containers are this attempt's now (their completions come in its Allocate answers, it may release
 * or stop them), so an AM counts them as running rather than asking for them again.
 */
public record RegisterResponse(Resource maximumCapability, String queue,
    List<Container> containersFromPreviousAttempts) {
  public RegisterResponse {
    requireNonNull(maximumCapability, "maximumCapability");
    requireNonNull(queue, "queue");
    containersFromPreviousAttempts = List.copyOf(containersFromPreviousAttempts);
  }
}
