package io.weft.nm.security;

import io.weft.common.security.MasterKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The container-token master keys the RM shared with this node: the current one and the one
 * before it, so tokens signed just before a roll-over still verify. A key is told apart by its
 * secret, not only its id: an RM restarted without its keys may number a new key like the old one.
 */
public final class ContainerTokenKeys {
  private static final Logger LOG = LogManager.getLogger();

  private MasterKey current;
  private MasterKey previous;

  /**
   * Installs {@code key} as current unless it is the current one (same id and secret); the old
   * current becomes previous.
   */
  public synchronized void update(MasterKey key) {
    if (current != null && current.keyId() == key.keyId() && Arrays.equals(current.secret(), key.secret())) {
      return;
    }
    boolean sameId = current != null && current.keyId() == key.keyId();
    previous = current;
    current = key;
    LOG.info("container-token master key {} is now current{}", key.keyId(),
        sameId ? " (a new secret under the same id: the ResourceManager has new keys)" : "");
  }

  public synchronized Optional<MasterKey> current() {
    return Optional.ofNullable(current);
  }

  /** The held keys with id {@code keyId}, current first: two when a new secret came under the same id. */
  public synchronized List<MasterKey> find(int keyId) {
    List<MasterKey> found = new ArrayList<>(2);
    if (current != null && current.keyId() == keyId) {
      found.add(current);
    }
    if (previous != null && previous.keyId() == keyId) {
      found.add(previous);
    }
    return found;
  }

  /** The ids of the keys held, for error messages. */
  public synchronized List<Integer> keyIds() {
    List<Integer> ids = new ArrayList<>();
    if (current != null) {
      ids.add(current.keyId());
    }
    if (previous != null) {
      ids.add(previous.keyId());
    }
    return ids;
  }
}
