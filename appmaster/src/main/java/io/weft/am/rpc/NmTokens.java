package io.weft.am.rpc;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.NodeId;
import io.weft.proto.NmToken;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The NM tokens the RM handed ApplicationMasters, by application and node (YARN's NMTokenCache):
 * {@link ResourceManagerClient} keeps what Allocate and registration answers carry, and
 * {@link NodeManagerClient} presents a node's token on every stop, status and log call to it. As in
 * YARN one cache is shared by the process unless a client is given its own, so that an AM's RM and
 * NM clients, made apart, meet; keyed by application, so AMs hosted in one JVM do not mix.
 */
public final class NmTokens {
  private static final NmTokens SHARED = new NmTokens();

  private record Key(ApplicationId application, NodeId node) {}

  private final Map<Key, byte[]> tokens = new ConcurrentHashMap<>();

  public static NmTokens shared() {
    return SHARED;
  }

  /** Keeps {@code token} (the newest for its node) for {@code application}. */
  public void put(ApplicationId application, NmToken token) {
    tokens.put(new Key(application, NodeId.parse(token.getNodeId())), token.getToken().toByteArray());
  }

  /** The serialized token of {@code application} for {@code node}, when the RM has given one. */
  public Optional<byte[]> get(ApplicationId application, NodeId node) {
    return Optional.ofNullable(tokens.get(new Key(application, node)));
  }

  /** Forgets {@code application}'s tokens (its AM is done). */
  public void forget(ApplicationId application) {
    tokens.keySet().removeIf(key -> key.application().equals(application));
  }
}
