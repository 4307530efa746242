package io.weft.rm.store;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a store held when the RM started: its identity (empty for a new store), every application
 * in id order with its attempts in attempt order, and the highest application sequence ever handed
 * out with this cluster timestamp.
 */
public record RecoveredState(Optional<RmIdentity> identity, List<ApplicationRecord> applications,
    Map<ApplicationId, List<AttemptRecord>> attempts, int lastSequence) {
  public RecoveredState {
    requireNonNull(identity, "identity");
    applications = List.copyOf(applications);
    attempts = Map.copyOf(attempts);
  }

  public static RecoveredState empty() {
    return new RecoveredState(Optional.empty(), List.of(), Map.of(), 0);
  }

  public List<AttemptRecord> attemptsOf(ApplicationId id) {
    return attempts.getOrDefault(id, List.of());
  }
}
