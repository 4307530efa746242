package io.weft.bench;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.MetadataUtils;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.common.security.AuthHeaders;

/**
 * Channels of simulated daemons and AMs: each its own connection, as each real one has, dialled as
 * {@code Channels.forAddress} dials (the local user named on every call), but all on one small client
 * event loop of the benchmark's, with callbacks run right on it (they only record and send the next call).
 */
final class BenchChannels {
  private BenchChannels() {}

  static ManagedChannel to(HostPort address, ChannelCredentials credentials, EventLoopGroup loop) {
    Metadata user = new Metadata();
    user.put(AuthHeaders.USER, AuthHeaders.localUser());
    return NettyChannelBuilder.forAddress(address.host(), address.port(), credentials)
        .eventLoopGroup(loop).channelType(NioSocketChannel.class).directExecutor()
        .maxInboundMessageSize(64 * 1024 * 1024)
        .flowControlWindow(Channels.CONTROL_WINDOW_BYTES)
        .intercept(MetadataUtils.newAttachHeadersInterceptor(user))
        .build();
  }
}
