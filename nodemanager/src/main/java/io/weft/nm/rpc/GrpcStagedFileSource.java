package io.weft.nm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.weft.common.rpc.RpcErrors;
import io.weft.nm.localize.StagedFileSource;
import io.weft.proto.FetchStagedFileRequest;
import io.weft.proto.FetchStagedFileResponse;
import io.weft.proto.StagingServiceGrpc;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/** Fetches staged files from the RM's StagingService, streaming them to disk. */
public final class GrpcStagedFileSource implements StagedFileSource {
  private final Channel channel;
  private final Duration timeout;

  public GrpcStagedFileSource(Channel channel, Duration timeout) {
    this.channel = requireNonNull(channel);
    this.timeout = requireNonNull(timeout);
  }

  @Override
  public void fetch(String sha256, Path target) throws IOException {
    var stub = StagingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try (OutputStream out = Files.newOutputStream(target)) {
      Iterator<FetchStagedFileResponse> chunks = stub.fetchStagedFile(
          FetchStagedFileRequest.newBuilder().setSha256(sha256).build());
      while (chunks.hasNext()) {
        chunks.next().getChunk().writeTo(out);
      }
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "fetch staged file " + sha256);
    }
  }
}
