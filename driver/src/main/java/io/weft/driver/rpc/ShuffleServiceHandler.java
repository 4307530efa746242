package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.driver.storage.ShuffleStore;
import io.weft.proto.FetchShuffleBlocksRequest;
import io.weft.proto.ShuffleBlockChunk;
import io.weft.proto.ShuffleServiceGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** An executor's ShuffleService: streams its shuffle block files to reduce tasks in 256 KB chunks. */
public final class ShuffleServiceHandler extends ShuffleServiceGrpc.ShuffleServiceImplBase {
  static final int CHUNK_BYTES = 256 * 1024;

  private final Path dir;

  /** Serves the blocks under the shuffle directory {@code dir}. */
  public ShuffleServiceHandler(Path dir) {
    this.dir = requireNonNull(dir);
  }

  @Override
  public void fetchShuffleBlocks(FetchShuffleBlocksRequest request, StreamObserver<ShuffleBlockChunk> out) {
    byte[] buffer = new byte[CHUNK_BYTES];
    for (int map : request.getMapPartitionsList()) {
      Path file = ShuffleStore.blockFile(dir, request.getShuffleId(), map, request.getReducePartition());
      try (InputStream in = Files.newInputStream(file)) {
        int read;
        boolean sent = false;
        while ((read = in.readNBytes(buffer, 0, buffer.length)) > 0) {
          boolean last = read < buffer.length;
          out.onNext(ShuffleBlockChunk.newBuilder().setMapPartition(map).setData(ByteString.copyFrom(buffer, 0, read))
              .setLastOfBlock(last).build());
          sent = last;
          if (last) {
            break;
          }
        }
        if (!sent) {
          out.onNext(ShuffleBlockChunk.newBuilder().setMapPartition(map).setLastOfBlock(true).build());
        }
      } catch (NoSuchFileException e) {
        out.onError(Status.NOT_FOUND.withDescription("shuffle block " + file.getFileName() + " does not exist")
            .asRuntimeException());
        return;
      } catch (IOException e) {
        out.onError(Status.INTERNAL.withDescription("cannot read shuffle block " + file.getFileName() + ": "
            + e.getMessage()).asRuntimeException());
        return;
      }
    }
    out.onCompleted();
  }
}
