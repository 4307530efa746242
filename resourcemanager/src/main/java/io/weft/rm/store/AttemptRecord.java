package io.weft.rm.store;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.rm.app.AttemptState;
import io.weft.rm.container.Allocation;
import java.time.Instant;

/**
 * What the store keeps of an attempt. {@code state} is the last saved one (final once it ended);
 * {@code amContainer} is null until the AM container is allocated, {@code finishTime} until it ends.
 */
public record AttemptRecord(ApplicationAttemptId id, Instant startTime, AttemptState state, Allocation amContainer,
    String host, int rpcPort, String trackingUrl, String diagnostics, int amExitStatus, Instant finishTime) {
  public AttemptRecord {
    requireNonNull(id, "id");
    requireNonNull(startTime, "startTime");
    requireNonNull(state, "state");
    host = host == null ? "" : host;
    trackingUrl = trackingUrl == null ? "" : trackingUrl;
    diagnostics = diagnostics == null ? "" : diagnostics;
  }
}
