package io.weft.rm.store;

import static java.util.Objects.requireNonNull;

import io.weft.common.security.MasterKey;
import java.util.Optional;

/**
 * One kind of token's master keys as they roll: {@code current} signs new tokens; {@code next}, while
 * a roll is pending, is already handed to NodeManagers but signs nothing yet (so that no NM meets a
 * token signed with a key it has not been given); {@code previous} is the key before current, which
 * NMs still accept for the tokens it signed until they expire.
 */
public record RollingKey(MasterKey current, Optional<MasterKey> next, Optional<MasterKey> previous) {
  public RollingKey {
    requireNonNull(current, "current");
    requireNonNull(next, "next");
    requireNonNull(previous, "previous");
  }

  /** A key that has not rolled yet. */
  public RollingKey(MasterKey current) {
    this(current, Optional.empty(), Optional.empty());
  }

  public static RollingKey fresh() {
    return new RollingKey(MasterKey.generate());
  }

  /** The first half of a roll: a new key NMs are given now and that signs once {@link #activated}. */
  public RollingKey withNext() {
    if (next.isPresent()) {
      throw new IllegalStateException("master key " + next.get().keyId() + " is already waiting to be activated");
    }
    MasterKey made;
    do {
      made = MasterKey.generate();
    } while (made.keyId() == current.keyId() || previous.map(p -> p.keyId()).orElse(0) == made.keyId());
    return new RollingKey(current, Optional.of(made), previous);
  }

  /** The second half of a roll: next signs from now on, current becomes previous, the one before is dropped. */
  public RollingKey activated() {
    MasterKey signing = next.orElseThrow(() -> new IllegalStateException(
        "no next master key to activate after " + current.keyId()));
    return new RollingKey(signing, Optional.empty(), Optional.of(current));
  }

  /**
   * A roll in one step, for a key only the RM itself checks (AMRM): a new key signs from now on and
   * current becomes previous, still accepted; the one before is dropped.
   */
  public RollingKey rolled() {
    if (next.isPresent()) {
      throw new IllegalStateException("a key handed out ahead (" + next.get().keyId() + ") rolls in two halves");
    }
    return new RollingKey(withNext().next().orElseThrow(), Optional.empty(), Optional.of(current));
  }

  /** The newest key a NodeManager must hold: next while a roll is pending, else current. */
  public MasterKey newest() {
    return next.orElse(current);
  }

  /** The other key a NodeManager must hold: current while a roll is pending, else previous. */
  public Optional<MasterKey> older() {
    return next.isPresent() ? Optional.of(current) : previous;
  }
}
