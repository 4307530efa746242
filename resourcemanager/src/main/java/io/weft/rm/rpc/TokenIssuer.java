package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.MasterKey;
import io.weft.proto.AmRmTokenIdentifier;
import io.weft.proto.ContainerTokenIdentifier;
import io.weft.proto.NmTokenIdentifier;
import io.weft.proto.Token;
import io.weft.rm.container.Allocation;
import io.weft.rm.store.RmIdentity;
import io.weft.rm.store.RollingKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Mints and checks the RM's tokens: AMRM tokens (an attempt's right to talk to the
 * ApplicationMasterService), container tokens (a grant an NM verifies before starting a container)
 * and NM tokens (an attempt's right to stop, query and read the logs of its containers on a node).
 * Each kind has its own master key; the container-token and NM-token keys are shared with NMs and
 * roll ({@link MasterKeyRoller} is their one writer; this reads whichever keys it last published).
 */
public final class TokenIssuer {
  public static final String CONTAINER_TOKEN_KIND = "ContainerToken";
  public static final String AMRM_TOKEN_KIND = "AMRMToken";
  public static final String NM_TOKEN_KIND = "NMToken";

  /** The rolling keys, replaced together. */
  private record SharedKeys(RollingKey container, RollingKey nmToken, RollingKey amrm) {}

  private volatile SharedKeys keys;
  private final Clock clock;
  private final long rmIdentifier;
  private final Duration containerTokenLifetime;
  private final Duration nmTokenLifetime;

  /** Keys that never roll, tokens with the default lifetimes (tests). */
  public TokenIssuer(MasterKey containerKey, MasterKey amrmKey, Clock clock, long rmIdentifier) {
    this(new RmIdentity(rmIdentifier, 0, containerKey, amrmKey, clock.instant()), clock, Duration.ofMinutes(10),
        Duration.ofDays(1));
  }

  /**
   * {@code containerTokenLifetime}: how long a granted container may be started; the RM takes back
   * containers not started by then (container-allocation expiry), so the two are the same.
   * {@code nmTokenLifetime}: how long an NM token is good for; the AM gets a new one well before.
   */
  public TokenIssuer(RmIdentity identity, Clock clock, Duration containerTokenLifetime, Duration nmTokenLifetime) {
    this.containerTokenLifetime = requireNonNull(containerTokenLifetime);
    this.nmTokenLifetime = requireNonNull(nmTokenLifetime);
    this.clock = requireNonNull(clock);
    this.rmIdentifier = identity.clusterTimestamp();
    use(identity);
  }

  /** Signs with {@code identity}'s current keys from now on and hands its newest ones to NodeManagers. */
  void use(RmIdentity identity) {
    keys = new SharedKeys(identity.containerKeys(), identity.nmTokenKeys(), identity.amrmKeys());
  }

  public Token containerToken(Allocation allocation) {
    MasterKey containerKey = keys.container().current();
    String node = allocation.nodeId().toString();
    byte[] identifier = ContainerTokenIdentifier.newBuilder()
        .setContainerId(allocation.containerId().toString())
        .setNodeId(node)
        .setAppSubmitter(allocation.user())
        .setResource(Resources.toProto(allocation.resource()))
        .setExpiryTimeMs(clock.instant().plus(containerTokenLifetime).toEpochMilli())
        .setPriority(allocation.priority())
        .setRmIdentifier(rmIdentifier)
        .setAllocationRequestId(allocation.allocationRequestId())
        .setCreationTimeMs(clock.millis())
        .build().toByteArray();
    // both arrays are made here and never change: wrapped, not copied (one token per container granted)
    return Token.newBuilder().setIdentifier(UnsafeByteOperations.unsafeWrap(identifier))
        .setPassword(UnsafeByteOperations.unsafeWrap(containerKey.sign(identifier)))
        .setKind(CONTAINER_TOKEN_KIND).setService(node)
        .setKeyId(containerKey.keyId()).build();
  }

  /** How long an NM token is good for. */
  public Duration nmTokenLifetime() {
    return nmTokenLifetime;
  }

  /** The id of the key NM tokens are signed with now: a token signed with another is due for renewal. */
  public int nmTokenKeyId() {
    return keys.nmToken().current().keyId();
  }

  /**
   * {@code attempt}'s right to stop, query and read the logs of its application's containers on
   * {@code node}, until {@link #nmTokenLifetime} from now. The RM mints these for its own calls too.
   */
  public Token nmToken(ApplicationAttemptId attempt, NodeId node) {
    MasterKey nmKey = keys.nmToken().current();
    byte[] identifier = NmTokenIdentifier.newBuilder().setApplicationAttemptId(attempt.toString())
        .setNodeId(node.toString())
        .setExpiryTimeMs(clock.instant().plus(nmTokenLifetime).toEpochMilli())
        .build().toByteArray();
    return Token.newBuilder().setIdentifier(ByteString.copyFrom(identifier))
        .setPassword(ByteString.copyFrom(nmKey.sign(identifier)))
        .setKind(NM_TOKEN_KIND).setService(node.toString()).setKeyId(nmKey.keyId()).build();
  }

  public Token amrmToken(ApplicationAttemptId attempt, String rmService) {
    MasterKey amrmKey = keys.amrm().current();
    byte[] identifier = AmRmTokenIdentifier.newBuilder().setApplicationAttemptId(attempt.toString())
        .setKeyId(amrmKey.keyId()).build().toByteArray();
    return Token.newBuilder().setIdentifier(ByteString.copyFrom(identifier))
        .setPassword(ByteString.copyFrom(amrmKey.sign(identifier)))
        .setKind(AMRM_TOKEN_KIND).setService(rmService).setKeyId(amrmKey.keyId()).build();
  }

  /** The attempt a serialized AMRM token speaks for; UNAUTHENTICATED when it is not genuine. */
  public ApplicationAttemptId verifyAmrm(byte[] serializedToken) {
    if (serializedToken == null || serializedToken.length == 0) {
      throw WeftException.unauthenticated("missing AMRM token: ApplicationMaster calls must carry the attempt's "
          + "token in the weft-amrm-token-bin header");
    }
    try {
      Token token = Token.parseFrom(serializedToken);
      byte[] identifier = token.getIdentifier().toByteArray();
      RollingKey amrm = keys.amrm();
      Optional<MasterKey> signer = Stream.concat(Stream.of(amrm.current()), amrm.previous().stream())
          .filter(k -> k.keyId() == token.getKeyId()).findFirst();
      if (signer.isEmpty() || !signer.get().verify(identifier, token.getPassword().toByteArray())) {
        throw WeftException.unauthenticated("AMRM token was not issued by this ResourceManager, or its key ("
            + token.getKeyId() + ") has rolled out of use");
      }
      return ApplicationAttemptId.parse(AmRmTokenIdentifier.parseFrom(identifier).getApplicationAttemptId());
    } catch (InvalidProtocolBufferException e) {
      throw WeftException.unauthenticated("AMRM token is malformed");
    }
  }

  /**
   * The attempt a serialized NM token speaks for, whatever node it names: UNAUTHENTICATED naming
   * {@code what} when it is missing, not signed by one of the NM-token keys NodeManagers hold, or expired.
   */
  public ApplicationAttemptId verifyNmToken(byte[] serializedToken, String what) {
    if (serializedToken == null || serializedToken.length == 0) {
      throw WeftException.unauthenticated("refused to " + what + ": the call carries no NM token of the application "
          + "(weft-nm-token-bin header)");
    }
    try {
      Token token = Token.parseFrom(serializedToken);
      byte[] identifier = token.getIdentifier().toByteArray();
      RollingKey nm = keys.nmToken();
      boolean genuine = java.util.stream.Stream.of(Optional.of(nm.current()), nm.next(), nm.previous())
          .flatMap(Optional::stream)
          .anyMatch(k -> k.keyId() == token.getKeyId() && k.verify(identifier, token.getPassword().toByteArray()));
      if (!genuine) {
        throw WeftException.unauthenticated("refused to " + what + ": the NM token was not signed by a key of this "
            + "ResourceManager that is still accepted (key " + token.getKeyId() + ")");
      }
      NmTokenIdentifier fields = NmTokenIdentifier.parseFrom(identifier);
      Instant expiry = Instant.ofEpochMilli(fields.getExpiryTimeMs());
      if (!clock.instant().isBefore(expiry)) {
        throw WeftException.unauthenticated("refused to " + what + ": the NM token expired at " + expiry);
      }
      return ApplicationAttemptId.parse(fields.getApplicationAttemptId());
    } catch (InvalidProtocolBufferException e) {
      throw WeftException.unauthenticated("refused to " + what + ": the NM token is malformed");
    }
  }

  /** The id of the key signing AMRM tokens now: an AM presenting another gets a new token (Allocate). */
  public int amrmKeyId() {
    return keys.amrm().current().keyId();
  }

  /** The container-token and NM-token keys a NodeManager must hold, newest and older of each. */
  public RollingKey containerKeys() {
    return keys.container();
  }

  public RollingKey nmTokenKeys() {
    return keys.nmToken();
  }

  public static io.weft.proto.MasterKey toProto(MasterKey key) {
    return io.weft.proto.MasterKey.newBuilder().setKeyId(key.keyId())
        .setBytes(ByteString.copyFrom(key.secret())).build();
  }
}
