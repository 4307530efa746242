package io.weft.nm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.AuthHeaders;
import io.weft.common.security.MasterKey;
import io.weft.nm.security.SharedMasterKeys;
import io.weft.proto.NmTokenIdentifier;
import io.weft.proto.Token;
import io.weft.common.rpc.RpcErrors;
import io.weft.nm.localize.StagedFileSource;
import io.weft.proto.FetchStagedFileRequest;
import io.weft.proto.FetchStagedFileResponse;
import io.weft.proto.StagingServiceGrpc;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Fetches staged files from the RM's StagingService, streaming them to disk. A fetch is for one
 * application and carries an NM token of it, which this node signs with the NM-token key the RM
 * shared with it (the RM hands out no token for its own NodeManagers' fetches).
 */
public final class GrpcStagedFileSource implements StagedFileSource {
  private final Channel channel;
  private final Duration timeout;
  private final SharedMasterKeys nmTokenKeys;
  private final NodeId nodeId;
  private final Clock clock;

  public GrpcStagedFileSource(Channel channel, Duration timeout, SharedMasterKeys nmTokenKeys, NodeId nodeId,
      Clock clock) {
    this.channel = requireNonNull(channel);
    this.timeout = requireNonNull(timeout);
    this.nmTokenKeys = requireNonNull(nmTokenKeys);
    this.nodeId = requireNonNull(nodeId);
    this.clock = requireNonNull(clock);
  }

  @Override
  public void fetch(ContainerId container, String sha256, Path target) throws IOException {
    Metadata credentials = new Metadata();
    credentials.put(AuthHeaders.NM_TOKEN, nmToken(container.attemptId()).toByteArray());
    var stub = StagingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials));
    try (OutputStream out = Files.newOutputStream(target)) {
      Iterator<FetchStagedFileResponse> chunks = stub.fetchStagedFile(FetchStagedFileRequest.newBuilder()
          .setSha256(sha256).setApplicationId(container.applicationId().toString()).build());
      while (chunks.hasNext()) {
        chunks.next().getChunk().writeTo(out);
      }
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "fetch staged file " + sha256 + " of " + container.applicationId());
    }
  }

  /** A token of {@code attempt} for this node, good for one fetch. */
  private Token nmToken(ApplicationAttemptId attempt) {
    MasterKey key = nmTokenKeys.current().orElseThrow(() -> WeftException.unavailable(nodeId
        + " has no NM-token master key yet (not registered with the ResourceManager)"));
    byte[] identifier = NmTokenIdentifier.newBuilder().setApplicationAttemptId(attempt.toString())
        .setNodeId(nodeId.toString()).setExpiryTimeMs(clock.instant().plus(timeout).toEpochMilli())
        .build().toByteArray();
    return Token.newBuilder().setIdentifier(ByteString.copyFrom(identifier))
        .setPassword(ByteString.copyFrom(key.sign(identifier))).setKind("NMToken").setService(nodeId.toString())
        .setKeyId(key.keyId()).build();
  }
}
