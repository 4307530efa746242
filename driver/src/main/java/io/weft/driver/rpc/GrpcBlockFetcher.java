package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.weft.driver.storage.MapStatus;
import io.weft.driver.storage.ShuffleStore;
import io.weft.proto.ExternalShuffleServiceGrpc;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fetches a shuffle block, chunk by chunk straight to a local file, presenting the application's secret:
 * from another executor's ShuffleService (over TLS with the application's certificate when it has one),
 * or, for an output served by a node, from that NodeManager's shuffle service (over TLS trusting the
 * cluster CA, as the NodeManager serves with its daemon certificate). One channel per address, reused.
 */
public final class GrpcBlockFetcher implements ShuffleStore.BlockFetcher, AutoCloseable {
  private final AppCredentials credentials;
  private final Duration deadline;
  private final Optional<NodeServiceAccess> nodeService;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  /** How to reach NodeManagers' shuffle services: as which application, trusting what. */
  public record NodeServiceAccess(String applicationId, ChannelCredentials channelCredentials) {
    public NodeServiceAccess {
      requireNonNull(applicationId);
      requireNonNull(channelCredentials);
    }
  }

  /** Fetches from executors only. */
  public GrpcBlockFetcher(AppCredentials credentials, Duration deadline) {
    this(credentials, deadline, Optional.empty());
  }

  public GrpcBlockFetcher(AppCredentials credentials, Duration deadline, Optional<NodeServiceAccess> nodeService) {
    this.credentials = requireNonNull(credentials);
    this.deadline = requireNonNull(deadline);
    this.nodeService = requireNonNull(nodeService);
  }

  @Override
  public void fetch(MapStatus from, int shuffleId, int reducePartition, Path into) throws IOException {
    FetchShuffleBlocksRequest.Builder request = FetchShuffleBlocksRequest.newBuilder().setShuffleId(shuffleId)
        .addMapPartitions(from.mapPartition()).setReducePartition(reducePartition);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(into), 64 * 1024)) {
      Iterator<ShuffleBlockChunk> chunks;
      if (from.servedByNodeService()) {
        NodeServiceAccess access = nodeService.orElseThrow(() -> new IOException("map output " + from.mapPartition()
            + " is served by " + from.describeServer() + ", and this process was not set up to reach node services"));
        chunks = ExternalShuffleServiceGrpc.newBlockingStub(channel("node", from, access.channelCredentials()))
            .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
            .fetchShuffleBlocks(request.setApplicationId(access.applicationId()).setExecutorId(from.executorId())
                .build());
      } else {
        chunks = ShuffleServiceGrpc.newBlockingStub(channel("executor", from, credentials.channelCredentials()))
            .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).fetchShuffleBlocks(request.build());
      }
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

  private Channel channel(String kind, MapStatus from, ChannelCredentials channelCredentials) {
    ManagedChannel channel = channels.computeIfAbsent(kind + "@" + from.location(),
        k -> NettyChannelBuilder.forAddress(from.host(), from.port(), channelCredentials).build());
    return ClientInterceptors.intercept(channel, new AppSecretClientInterceptor(credentials.secret()));
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
