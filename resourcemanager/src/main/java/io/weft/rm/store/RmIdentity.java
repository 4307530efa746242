package io.weft.rm.store;

import static java.util.Objects.requireNonNull;

import io.weft.common.security.MasterKey;

/**
 * Who the RM is across restarts: the cluster timestamp in every application id, the epoch (how many
 * times the RM has started on this store; container ids it grants carry it, so they never collide
 * with those of an earlier run) and the master keys, so tokens issued before a restart stay valid.
 */
public record RmIdentity(long clusterTimestamp, int epoch, MasterKey containerKey, MasterKey amrmKey) {
  public RmIdentity {
    requireNonNull(containerKey, "containerKey");
    requireNonNull(amrmKey, "amrmKey");
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must not be negative: " + epoch);
    }
  }

  /** The identity of the next run on the same store: same timestamp and keys, next epoch. */
  public RmIdentity restarted() {
    return new RmIdentity(clusterTimestamp, epoch + 1, containerKey, amrmKey);
  }
}
