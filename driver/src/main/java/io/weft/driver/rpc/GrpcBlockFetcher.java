package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.weft.driver.storage.MapStatus;
import io.weft.driver.storage.ShuffleStore;
import io.weft.proto.FetchShuffleBlocksRequest;
import io.weft.proto.ShuffleBlockChunk;
import io.weft.proto.ShuffleServiceGrpc;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fetches a shuffle block from another executor's ShuffleService, chunk by chunk straight to a local
 * file, presenting the application's secret (over TLS with the application's certificate when it has
 * one). One channel per executor address, reused.
 */
public final class GrpcBlockFetcher implements ShuffleStore.BlockFetcher, AutoCloseable {
  private final AppCredentials credentials;
  private final Duration deadline;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  public GrpcBlockFetcher(AppCredentials credentials, Duration deadline) {
    this.credentials = requireNonNull(credentials);
    this.deadline = requireNonNull(deadline);
  }

  @Override
  public void fetch(MapStatus from, int shuffleId, int reducePartition, Path into) throws IOException {
    ManagedChannel channel = channels.computeIfAbsent(from.host() + ":" + from.port(),
        k -> NettyChannelBuilder.forAddress(from.host(), from.port(), credentials.channelCredentials()).build());
    ShuffleServiceGrpc.ShuffleServiceBlockingStub stub = ShuffleServiceGrpc.newBlockingStub(
        ClientInterceptors.intercept(channel, new AppSecretClientInterceptor(credentials.secret())))
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(into), 64 * 1024)) {
      Iterator<ShuffleBlockChunk> chunks = stub.fetchShuffleBlocks(FetchShuffleBlocksRequest.newBuilder()
          .setShuffleId(shuffleId).addMapPartitions(from.mapPartition()).setReducePartition(reducePartition).build());
      boolean complete = false;
      while (chunks.hasNext()) {
        ShuffleBlockChunk chunk = chunks.next();
        chunk.getData().writeTo(out);
        complete |= chunk.getLastOfBlock();
      }
      if (!complete) {
        throw new IOException("the block stream ended before the block did");
      }
    } catch (StatusRuntimeException e) {
      throw new IOException(e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
          : ": " + e.getStatus().getDescription()), e);
    }
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
