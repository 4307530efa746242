package io.weft.shuffle.rpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.weft.shuffle.ShuffleBlocks;
import io.weft.proto.FetchShuffleBlocksRequest;
import io.weft.proto.ShuffleBlockChunk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Streams the requested blocks of one shuffle directory in 256 KB chunks, the last chunk of each block
 * marked. A block file that is a symbolic link is not followed (the shuffle service reads as the
 * NodeManager, so a link planted by an application must not reach outside its files).
 */
final class BlockStreamer {
  static final int CHUNK_BYTES = 256 * 1024;

  private BlockStreamer() {}

  static void stream(Path dir, FetchShuffleBlocksRequest request, StreamObserver<ShuffleBlockChunk> out) {
    byte[] buffer = new byte[CHUNK_BYTES];
    for (int map : request.getMapPartitionsList()) {
      Path file = ShuffleBlocks.blockFile(dir, request.getShuffleId(), map, request.getReducePartition());
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
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
