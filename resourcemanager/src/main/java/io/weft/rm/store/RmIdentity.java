package io.weft.rm.store;

import static java.util.Objects.requireNonNull;

import io.weft.common.security.MasterKey;
import java.time.Instant;

/**
 * Who the RM is across restarts: the cluster timestamp in every application id, the epoch (how many
 * times the RM has started on this store; container ids it grants carry it, so they never collide
 * with those of an earlier run) and the master keys, so tokens issued before a restart stay valid.
 * The container-token and NM-token keys roll together, in two halves; the AMRM key rolls with their
 * second half, in one step (only the RM checks AMRM tokens). {@code keysChangedAt} is when they last
 * changed (a next key made, or activated), from which the next change is due.
 */
public record RmIdentity(long clusterTimestamp, int epoch, RollingKey containerKeys, RollingKey nmTokenKeys,
    RollingKey amrmKeys, Instant keysChangedAt) {
  public RmIdentity {
    requireNonNull(containerKeys, "containerKeys");
    requireNonNull(nmTokenKeys, "nmTokenKeys");
    requireNonNull(amrmKeys, "amrmKeys");
    if (amrmKeys.next().isPresent()) {
      throw new IllegalArgumentException("the AMRM key rolls in one step; it has no next key");
    }
    requireNonNull(keysChangedAt, "keysChangedAt");
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must not be negative: " + epoch);
    }
    if (containerKeys.next().isPresent() != nmTokenKeys.next().isPresent()) {
      throw new IllegalArgumentException("container-token and NM-token keys must roll together");
    }
  }

  /** An identity with the given container-token and AMRM keys, a fresh NM-token key, keys made at {@code now}. */
  public RmIdentity(long clusterTimestamp, int epoch, MasterKey containerKey, MasterKey amrmKey, Instant now) {
    this(clusterTimestamp, epoch, new RollingKey(containerKey), RollingKey.fresh(), new RollingKey(amrmKey), now);
  }

  /** A new cluster's identity: timestamp {@code now}, epoch 0, new keys. */
  public static RmIdentity create(Instant now) {
    return new RmIdentity(now.toEpochMilli(), 0, MasterKey.generate(), MasterKey.generate(), now);
  }

  /** The key signing container tokens now. */
  public MasterKey containerKey() {
    return containerKeys.current();
  }

  /** The key signing AMRM tokens now. */
  public MasterKey amrmKey() {
    return amrmKeys.current();
  }

  /** True between the two halves of a roll: next keys made and handed out, not yet signing. */
  public boolean rollPending() {
    return containerKeys.next().isPresent();
  }

  /** The identity of the next run on the same store: same timestamp and keys, next epoch. */
  public RmIdentity restarted() {
    return new RmIdentity(clusterTimestamp, epoch + 1, containerKeys, nmTokenKeys, amrmKeys, keysChangedAt);
  }

  /** The first half of a roll, at {@code now}: next keys made. */
  public RmIdentity withNextKeys(Instant now) {
    return new RmIdentity(clusterTimestamp, epoch, containerKeys.withNext(), nmTokenKeys.withNext(), amrmKeys, now);
  }

  /** The second half, at {@code now}: the next keys sign from now on, and a new AMRM key. */
  public RmIdentity withNextKeysActivated(Instant now) {
    return new RmIdentity(clusterTimestamp, epoch, containerKeys.activated(), nmTokenKeys.activated(),
        amrmKeys.rolled(), now);
  }
}
