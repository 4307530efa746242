package io.weft.driver.rpc;

import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.weft.proto.ExternalShuffleServiceGrpc;
import io.weft.proto.RegisterExecutorShuffleRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** An executor tells its node's shuffle service where its shuffle files are, presenting the application's secret. */
public final class NodeShuffleRegistration {
  private NodeShuffleRegistration() {}

  /** Registers {@code shuffleDir}; an IllegalStateException with the service's reason when it refuses. */
  public static void register(String host, int port, ChannelCredentials channelCredentials, String secret,
      String applicationId, String executorId, Path shuffleDir, Duration deadline) {
    ManagedChannel channel = NettyChannelBuilder.forAddress(host, port, channelCredentials).build();
    try {
      ExternalShuffleServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel,
          new AppSecretClientInterceptor(secret))).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .registerExecutorShuffle(RegisterExecutorShuffleRequest.newBuilder().setApplicationId(applicationId)
              .setExecutorId(executorId).setShuffleDir(shuffleDir.toString()).build());
    } catch (StatusRuntimeException e) {
      throw new IllegalStateException("executor " + executorId + " cannot register its shuffle directory "
          + shuffleDir + " with the node's shuffle service at " + host + ":" + port + ": " + e.getStatus().getCode()
          + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()), e);
    } finally {
      channel.shutdownNow();
    }
  }
}
