package io.weft.shuffle.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.weft.proto.FetchShuffleBlocksRequest;
import io.weft.proto.ShuffleBlockChunk;
import io.weft.proto.ShuffleServiceGrpc;
import java.nio.file.Path;

/**
 * An executor's own ShuffleService: streams the blocks under its one shuffle directory (the caller's
 * secret is checked by an interceptor before this runs).
 */
public final class DirectoryShuffleHandler extends ShuffleServiceGrpc.ShuffleServiceImplBase {
  private final Path dir;

  /** Serves the blocks under the shuffle directory {@code dir}. */
  public DirectoryShuffleHandler(Path dir) {
    this.dir = requireNonNull(dir);
  }

  @Override
  public void fetchShuffleBlocks(FetchShuffleBlocksRequest request, StreamObserver<ShuffleBlockChunk> out) {
    BlockStreamer.stream(dir, request, out);
  }
}
