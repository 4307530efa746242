package io.weft.bench;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
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
  /** Epoll where Netty's native transport loads, as a real client's channel ({@code Channels}) gets by default. */
  private static final boolean EPOLL = Epoll.isAvailable();
  /** The name of the client event loops' threads, and the start of each thread's name. */
  private static final String LOOP_THREADS = "simulated-clients";

  private BenchChannels() {}

  /** A client event loop of {@code threads} daemon threads for the channels {@link #to} dials. */
  static EventLoopGroup loop(int threads) {
    DefaultThreadFactory named = new DefaultThreadFactory(LOOP_THREADS, true);
    return EPOLL ? new EpollEventLoopGroup(threads, named) : new NioEventLoopGroup(threads, named);
  }

  /**
   * A channel to {@code address} whose connection is served by one loop of {@code loop}, the group's next, so the
   * channels dialled one after another take its loops in turn. Given the whole group, gRPC put every AM's
   * connection on the same loop of two: one thread did nine tenths of 100 AMs' work while the other idled.
   */
  static ManagedChannel to(HostPort address, ChannelCredentials credentials, EventLoopGroup loop) {
    Metadata user = new Metadata();
    user.put(AuthHeaders.USER, AuthHeaders.localUser());
    return NettyChannelBuilder.forAddress(address.host(), address.port(), credentials)
        .eventLoopGroup(loop.next())
        .channelType(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class).directExecutor()
        .maxInboundMessageSize(64 * 1024 * 1024)
        .flowControlWindow(Channels.CONTROL_WINDOW_BYTES)
        .intercept(MetadataUtils.newAttachHeadersInterceptor(user))
        .build();
  }
}
