package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.weft.rm.store.RmIdentity;
import io.weft.rm.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Rolls the container-token and NM-token master keys every {@code interval}, in two halves: a next
 * key is made and handed to NodeManagers (on their next heartbeat) {@code activationDelay} before it
 * starts signing, so that no NM meets a token signed with a key it has not been given. The keys are
 * not RM core state: this is their one writer, called on the RM's monitor thread; each change is
 * durable in the state store before {@link TokenIssuer} signs with it, so a restarted or failed-over
 * RM keeps honouring the tokens issued.
 */
public final class MasterKeyRoller {
  private static final Logger LOG = LogManager.getLogger();

  private final StateStore store;
  private final TokenIssuer tokens;
  private final Clock clock;
  private final Duration interval;
  private final Duration activationDelay;
  private RmIdentity identity;

  /**
   * {@code activationDelay} must be shorter than {@code interval}; it should let every live NM
   * heartbeat at least once (see {@link #activationDelay}).
   */
  public MasterKeyRoller(StateStore store, TokenIssuer tokens, RmIdentity identity, Clock clock, Duration interval,
      Duration activationDelay) {
    if (activationDelay.compareTo(interval) >= 0) {
      throw new IllegalArgumentException("master-key rolling interval " + interval.toMillis()
          + " ms must be longer than the key activation delay " + activationDelay.toMillis() + " ms");
    }
    this.store = requireNonNull(store);
    this.tokens = requireNonNull(tokens);
    this.identity = requireNonNull(identity);
    this.clock = requireNonNull(clock);
    this.interval = interval;
    this.activationDelay = activationDelay;
  }

  /**
   * How long a next key is handed out before it signs: four heartbeat intervals. A node silent for
   * three gets no new containers (it is stale), so a node that is given a token signed with the new
   * key has heartbeated, and been answered with the key, since the key was made.
   */
  public static Duration activationDelay(Duration heartbeatInterval) {
    return heartbeatInterval.multipliedBy(4);
  }

  /**
   * How long an NM token is good for: until its key is dropped by NodeManagers, which is when the
   * key after next is handed out, one interval after the key stopped signing (less the delay).
   */
  public static Duration nmTokenLifetime(Duration interval, Duration activationDelay) {
    return interval.minus(activationDelay);
  }

  /** Makes or activates the next keys when due; called on the RM's monitor thread. */
  public synchronized void check() {
    Instant now = clock.instant();
    RmIdentity changed = null;
    if (identity.rollPending()) {
      if (!now.isBefore(identity.keysChangedAt().plus(activationDelay))) {
        changed = identity.withNextKeysActivated(now);
      }
    } else if (!now.isBefore(identity.keysChangedAt().plus(interval).minus(activationDelay))) {
      changed = identity.withNextKeys(now);
    }
    if (changed == null) {
      return;
    }
    store.storeIdentity(changed);
    identity = changed;
    tokens.use(changed);
    if (changed.rollPending()) {
      LOG.info("rolling master keys: container-token key {} and NM-token key {} handed to NodeManagers, signing "
          + "from {}", changed.containerKeys().newest().keyId(), changed.nmTokenKeys().newest().keyId(),
          now.plus(activationDelay));
    } else {
      LOG.info("master keys rolled: container tokens are signed with key {}, NM tokens with key {}; keys {} and {} "
          + "still verify", changed.containerKey().keyId(), changed.nmTokenKeys().current().keyId(),
          changed.containerKeys().previous().orElseThrow().keyId(),
          changed.nmTokenKeys().previous().orElseThrow().keyId());
    }
  }
}
