package io.weft.nm.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.WeftException;
import io.weft.nm.security.SharedMasterKeys;
import io.weft.proto.NmTokenIdentifier;
import io.weft.proto.Token;
import java.time.Clock;
import java.time.Instant;

/**
 * Checks an NM token (YARN's NMToken): signed (HMAC-SHA256) by an NM-token master key the RM shared
 * with this node, issued for this node, not expired. What it grants is its application's containers
 * here: stopping them, their status, their logs. A token that is missing or not genuine is
 * UNAUTHENTICATED, naming what was asked and why.
 */
public final class NmTokenVerifier {
  private final SharedMasterKeys keys;
  private final NodeId nodeId;
  private final Clock clock;

  public NmTokenVerifier(SharedMasterKeys keys, NodeId nodeId, Clock clock) {
    this.keys = requireNonNull(keys);
    this.nodeId = requireNonNull(nodeId);
    this.clock = requireNonNull(clock);
  }

  /** The application whose containers the current call's token covers; {@code what} names the call in a refusal. */
  public ApplicationId authorize(String what) {
    return verify(NmTokenHeader.current(), what).applicationId();
  }

  /** The attempt {@code serialized} (a {@code weft.Token}) speaks for, when it is a genuine NM token for this node. */
  public ApplicationAttemptId verify(byte[] serialized, String what) {
    String refused = "refused to " + what + ": ";
    if (serialized.length == 0) {
      throw WeftException.unauthenticated(refused + "the call carries no NM token (the application's token for "
          + nodeId + ", in the weft-nm-token-bin header)");
    }
    Token token;
    NmTokenIdentifier identifier;
    try {
      token = Token.parseFrom(serialized);
      identifier = NmTokenIdentifier.parseFrom(token.getIdentifier());
    } catch (InvalidProtocolBufferException e) {
      throw WeftException.unauthenticated(refused + "the NM token is malformed: " + e.getMessage());
    }
    keys.requireSigned(token, refused + "the NM token", nodeId);
    if (!nodeId.toString().equals(identifier.getNodeId())) {
      throw WeftException.unauthenticated(refused + "the NM token was issued for node " + identifier.getNodeId()
          + ", not for " + nodeId);
    }
    Instant expiry = Instant.ofEpochMilli(identifier.getExpiryTimeMs());
    Instant now = clock.instant();
    if (!now.isBefore(expiry)) {
      throw WeftException.unauthenticated(refused + "the NM token expired at " + expiry + " (now " + now + ")");
    }
    try {
      return ApplicationAttemptId.parse(identifier.getApplicationAttemptId());
    } catch (WeftException e) {
      throw WeftException.unauthenticated(refused + "the NM token names an invalid attempt id: " + e.getMessage());
    }
  }

  /** {@code id}, when it is a container of the application the call's NM token grants. */
  public static ContainerId permitted(ApplicationId granted, String id, String what) {
    ContainerId container = ContainerId.parse(id);
    if (!container.applicationId().equals(granted)) {
      throw WeftException.permissionDenied("refused to " + what + " " + id + ": the call's NM token is for "
          + "application " + granted + ", and the container belongs to " + container.applicationId());
    }
    return container;
  }
}
