package io.weft.nm.security;

import io.weft.common.security.MasterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The container-token master keys the RM shared with this node: the current one and the one
 * before it, so tokens signed just before a roll-over still verify.
 */
public final class ContainerTokenKeys {
  private static final Logger LOG = LogManager.getLogger();

  private MasterKey current;
  private MasterKey previous;

  /** Installs {@code key} as current when it is new; the old current becomes previous. */
  public synchronized void update(MasterKey key) {
    if (current != null && current.keyId() == key.keyId()) {
      return;
    }
    previous = current;
    current = key;
    LOG.info("container-token master key {} is now current", key.keyId());
  }

  public synchronized Optional<MasterKey> current() {
    return Optional.ofNullable(current);
  }

  public synchronized Optional<MasterKey> find(int keyId) {
    if (current != null && current.keyId() == keyId) {
      return Optional.of(current);
    }
    if (previous != null && previous.keyId() == keyId) {
      return Optional.of(previous);
    }
    return Optional.empty();
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
