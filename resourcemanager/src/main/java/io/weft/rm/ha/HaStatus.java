package io.weft.rm.ha;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.RmEndpoints;
import java.util.Optional;

/**
 * What a ResourceManager says about its HA role at one moment: its state, the active RM when one is
 * known, why it is not active, and its ZooKeeper connection in YARN's words.
 *
 * @param self this RM's id (empty without HA)
 * @param active the RM the election names leader, when known (may be this RM while it becomes active)
 * @param reason why this RM is not serving, empty when it is active or the active is simply another RM
 * @param zooKeeperConnection YARN's {@code haZooKeeperConnectionState}: CONNECTED, DISCONNECTED, TERMINATED
 */
public record HaStatus(String self, HaServiceState state, Optional<RmEndpoints.Endpoint> active, String reason,
    String zooKeeperConnection) {
  /** A ResourceManager without HA: always active. */
  public static final HaStatus NOT_ENABLED = new HaStatus("", HaServiceState.ACTIVE, Optional.empty(), "",
      "ResourceManager HA is not enabled.");

  public HaStatus {
    requireNonNull(self);
    requireNonNull(state);
    requireNonNull(active);
    requireNonNull(reason);
    requireNonNull(zooKeeperConnection);
  }

  /**
   * Why this RM does not serve a call, for people: who is active instead, or why no one is known to be
   * ({@code ResourceManager rm2 is standby; the active ResourceManager is rm1 at host:7050}).
   */
  public String notServing() {
    String me = "ResourceManager " + self + " is " + state.display();
    Optional<RmEndpoints.Endpoint> other = active.filter(a -> !a.id().equals(self));
    if (other.isPresent()) {
      return me + "; the active ResourceManager is " + other.get().id() + " at " + other.get().rpc();
    }
    return reason.isEmpty() ? me + "; no ResourceManager is active yet" : me + ": " + reason;
  }
}
