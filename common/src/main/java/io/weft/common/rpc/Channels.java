package io.weft.common.rpc;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.weft.common.security.AuthHeaders;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.weft.common.id.HostPort;
import java.util.concurrent.TimeUnit;

/** Client channels. Callers set a deadline on every call; this only builds and closes channels. */
public final class Channels {
  private Channels() {}

  /** A channel whose calls name this process's user ({@link AuthHeaders#USER}). */
  public static ManagedChannel forAddress(HostPort address) {
    Metadata user = new Metadata();
    user.put(AuthHeaders.USER, AuthHeaders.localUser());
    return NettyChannelBuilder.forAddress(address.host(), address.port())
        .usePlaintext()
        .maxInboundMessageSize(64 * 1024 * 1024)
        .intercept(MetadataUtils.newAttachHeadersInterceptor(user))
        .build();
  }

  /** Shuts a channel down and waits briefly for calls in flight. */
  public static void close(ManagedChannel channel) {
    if (channel == null) {
      return;
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
