package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.MasterKey;
import io.weft.proto.AmRmTokenIdentifier;
import io.weft.proto.ContainerTokenIdentifier;
import io.weft.proto.Token;
import io.weft.rm.container.Allocation;
import java.time.Clock;
import java.time.Duration;

/**
 * Mints and checks the RM's tokens: AMRM tokens (an attempt's right to talk to the
 * ApplicationMasterService) and container tokens (a grant an NM verifies before starting a
 * container). Each kind has its own master key; the container-token key is shared with NMs.
 */
public final class TokenIssuer {
  public static final String CONTAINER_TOKEN_KIND = "ContainerToken";
  public static final String AMRM_TOKEN_KIND = "AMRMToken";

  private final MasterKey containerKey;
  private final MasterKey amrmKey;
  private final Clock clock;
  private final long rmIdentifier;
  private final Duration containerTokenLifetime;

  public TokenIssuer(MasterKey containerKey, MasterKey amrmKey, Clock clock, long rmIdentifier) {
    this(containerKey, amrmKey, clock, rmIdentifier, Duration.ofMinutes(10));
  }

  /**
   * {@code containerTokenLifetime}: how long a granted container may be started; the RM takes back
   * containers not started by then (container-allocation expiry), so the two are the same.
   */
  public TokenIssuer(MasterKey containerKey, MasterKey amrmKey, Clock clock, long rmIdentifier,
      Duration containerTokenLifetime) {
    this.containerTokenLifetime = requireNonNull(containerTokenLifetime);
    this.containerKey = requireNonNull(containerKey);
    this.amrmKey = requireNonNull(amrmKey);
    this.clock = requireNonNull(clock);
    this.rmIdentifier = rmIdentifier;
  }

  public Token containerToken(Allocation allocation) {
    byte[] identifier = ContainerTokenIdentifier.newBuilder()
        .setContainerId(allocation.containerId().toString())
        .setNodeId(allocation.nodeId().toString())
        .setAppSubmitter(allocation.user())
        .setResource(Resources.toProto(allocation.resource()))
        .setExpiryTimeMs(clock.instant().plus(containerTokenLifetime).toEpochMilli())
        .setPriority(allocation.priority())
        .setRmIdentifier(rmIdentifier)
        .setAllocationRequestId(allocation.allocationRequestId())
        .setCreationTimeMs(clock.millis())
        .build().toByteArray();
    return Token.newBuilder().setIdentifier(ByteString.copyFrom(identifier))
        .setPassword(ByteString.copyFrom(containerKey.sign(identifier)))
        .setKind(CONTAINER_TOKEN_KIND).setService(allocation.nodeId().toString())
        .setKeyId(containerKey.keyId()).build();
  }

  public Token amrmToken(ApplicationAttemptId attempt, String rmService) {
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
      if (token.getKeyId() != amrmKey.keyId() || !amrmKey.verify(identifier, token.getPassword().toByteArray())) {
        throw WeftException.unauthenticated("AMRM token was not issued by this ResourceManager");
      }
      return ApplicationAttemptId.parse(AmRmTokenIdentifier.parseFrom(identifier).getApplicationAttemptId());
    } catch (InvalidProtocolBufferException e) {
      throw WeftException.unauthenticated("AMRM token is malformed");
    }
  }

  public io.weft.proto.MasterKey containerMasterKey() {
    return io.weft.proto.MasterKey.newBuilder().setKeyId(containerKey.keyId())
        .setBytes(ByteString.copyFrom(containerKey.secret())).build();
  }
}
