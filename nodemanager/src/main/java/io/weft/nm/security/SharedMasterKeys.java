package io.weft.nm.security;

import io.weft.common.id.NodeId;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.MasterKey;
import io.weft.proto.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The master keys of one kind (container-token or NM-token) the RM shared with this node: the
 * newest one and the one before it, so tokens signed just before a roll-over still verify, and a
 * key handed out before it signs anything is known when its first token arrives. Any older key is
 * forgotten: its tokens are refused. A new key is taken whatever its id; a key is told apart by its
 * secret, not only its id: an RM restarted without its keys may number a new key like the old one.
 */
public final class SharedMasterKeys {
  private static final Logger LOG = LogManager.getLogger();

  private final String kind;

  private MasterKey current;
  private MasterKey previous;

  /** {@code kind} names the keys in logs: "container-token", "NM-token". */
  public SharedMasterKeys(String kind) {
    this.kind = kind;
  }

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
    LOG.info("{} master key {} is now current{}", kind, key.keyId(),
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

  /**
   * Refuses {@code token} (UNAUTHENTICATED, the message starting with {@code what}) unless one of these
   * keys signed it; {@code node} names this NodeManager in the message.
   */
  public void requireSigned(Token token, String what, NodeId node) {
    List<MasterKey> candidates = find(token.getKeyId());
    if (candidates.isEmpty()) {
      throw WeftException.unauthenticated(what + " is signed with master key " + token.getKeyId() + ", which " + node
          + " does not know or no longer accepts (known: " + keyIds() + ")");
    }
    byte[] signed = token.getIdentifier().toByteArray();
    byte[] password = token.getPassword().toByteArray();
    if (candidates.stream().noneMatch(key -> key.verify(signed, password))) {
      throw WeftException.unauthenticated(what + " has an invalid signature (forged or altered)");
    }
  }
}
