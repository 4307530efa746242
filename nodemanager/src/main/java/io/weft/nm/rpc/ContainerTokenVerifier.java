package io.weft.nm.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.WeftException;
import io.weft.nm.security.SharedMasterKeys;
import io.weft.proto.ContainerTokenIdentifier;
import io.weft.proto.Token;
import java.time.Clock;
import java.time.Instant;

/**
 * Checks a container token: signed (HMAC-SHA256) by a container-token master key the RM shared,
 * issued for this node, and not expired. Failures are UNAUTHENTICATED with the reason.
 */
public final class ContainerTokenVerifier {
  private final SharedMasterKeys keys;
  private final NodeId nodeId;
  private final Clock clock;

  public ContainerTokenVerifier(SharedMasterKeys keys, NodeId nodeId, Clock clock) {
    this.keys = requireNonNull(keys);
    this.nodeId = requireNonNull(nodeId);
    this.clock = requireNonNull(clock);
  }

  /** The identifier's container id, when it can be read at all (for naming a failure). */
  public static String containerIdOf(Token token) {
    try {
      return ContainerTokenIdentifier.parseFrom(token.getIdentifier()).getContainerId();
    } catch (InvalidProtocolBufferException e) {
      return "";
    }
  }

  public ContainerGrant verify(Token token) {
    ContainerTokenIdentifier identifier;
    try {
      identifier = ContainerTokenIdentifier.parseFrom(token.getIdentifier());
    } catch (InvalidProtocolBufferException e) {
      throw WeftException.unauthenticated("container token identifier is malformed: " + e.getMessage());
    }
    String what = "container token for " + (identifier.getContainerId().isEmpty() ? "<no container id>"
        : identifier.getContainerId());
    if (token.getIdentifier().isEmpty() || token.getPassword().isEmpty()) {
      throw WeftException.unauthenticated(what + " is missing its identifier or password");
    }
    keys.requireSigned(token, what, nodeId);
    if (!nodeId.toString().equals(identifier.getNodeId())) {
      throw WeftException.unauthenticated(what + " was issued for node " + identifier.getNodeId()
          + ", not for " + nodeId);
    }
    Instant expiry = Instant.ofEpochMilli(identifier.getExpiryTimeMs());
    if (identifier.getExpiryTimeMs() > 0 && !clock.instant().isBefore(expiry)) {
      throw WeftException.unauthenticated(what + " expired at " + expiry + " (now " + clock.instant() + ")");
    }
    ContainerId id;
    try {
      id = ContainerId.parse(identifier.getContainerId());
    } catch (WeftException e) {
      throw WeftException.unauthenticated(what + " names an invalid container id: " + e.getMessage());
    }
    String user = identifier.getAppSubmitter().isEmpty() ? System.getProperty("user.name")
        : identifier.getAppSubmitter();
    Instant now = clock.instant();
    Instant created = identifier.getCreationTimeMs() > 0 ? Instant.ofEpochMilli(identifier.getCreationTimeMs()) : now;
    return new ContainerGrant(id, user, Resources.fromProto(identifier.getResource()), identifier.getPriority(),
        identifier.getAllocationRequestId(), created, expiry, now);
  }
}
