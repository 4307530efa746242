package io.weft.rm.rpc;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.netty.shaded.io.netty.util.concurrent.EventExecutor;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.RpcServer;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.ResourceTrackerServiceGrpc;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Which thread runs each call the RM serves. Resource-tracker calls (every NodeManager's heartbeat)
 * and ApplicationMaster calls (every AM's Allocate) run on the transport thread that read them: their
 * handlers only parse the request and hand it to the RM core, never block, so a hop to another thread
 * (a wake-up per call, tens of thousands a second on a busy cluster) buys nothing. Every other call
 * (some wait on the store or a file) runs on a pool.
 *
 * <p>The server's own executor is direct and the pool is given per call, not the other way round:
 * gRPC looks each call's method up on the server's executor before the call's own may replace it,
 * so a pool there would cost every call, the inline ones too, a wake-up of a pool thread.
 */
public final class CallThreads implements ServerCallExecutorSupplier {
  private static final Set<String> INLINE = Set.of(ResourceTrackerServiceGrpc.SERVICE_NAME,
      ApplicationMasterServiceGrpc.SERVICE_NAME);
  /**
   * Shared by the RMs of a JVM (tests run several), as gRPC's own default executor is: daemon
   * threads, each gone after a minute idle, so there is nothing to close.
   */
  private static final ExecutorService BLOCKING_CALLS = Executors.newCachedThreadPool(
      new ThreadFactoryBuilder().setNameFormat("rm-rpc-%d").setDaemon(true).build());

  /**
   * The RMs' transport threads, one per core: an RM handler never blocks, so more threads than cores only split
   * the same sockets over more wake-ups (four on two cores cost 10,000 heartbeating nodes about 5 % of a core
   * more than two). Epoll where Netty's native transport loads, NIO elsewhere; shared by the RMs of a JVM,
   * daemon threads, never closed (as gRPC's own default threads).
   */
  private static final boolean EPOLL = Epoll.isAvailable();
  private static final EventLoopGroup ACCEPTING = loops(1, "rm-accept");
  private static final EventLoopGroup TRANSPORT = loops(Runtime.getRuntime().availableProcessors(), "rm-transport");

  private static EventLoopGroup loops(int threads, String name) {
    DefaultThreadFactory daemons = new DefaultThreadFactory(name, true);
    return EPOLL ? new EpollEventLoopGroup(threads, daemons) : new NioEventLoopGroup(threads, daemons);
  }

  CallThreads() {}

  /** {@link RpcServer#nettyBuilder} for an RM: tracker and AM calls inline, the rest on the pool. */
  public static NettyServerBuilder serverBuilder(HostPort bind, ServerCredentials credentials) {
    return RpcServer.nettyBuilder(bind, credentials).directExecutor().callExecutor(new CallThreads())
        .bossEventLoopGroup(ACCEPTING).workerEventLoopGroup(TRANSPORT)
        .channelType(EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
  }

  /**
   * The RM transport thread the caller runs on, as an executor: work handed to it from another thread runs
   * after what it is doing, and costs no wake-up while it is busy. A caller on any other thread (an
   * in-process transport's) gets a direct executor.
   */
  static Executor transportOfCurrentThread() {
    for (EventExecutor loop : TRANSPORT) {
      if (loop.inEventLoop()) {
        return loop;
      }
    }
    return MoreExecutors.directExecutor();
  }

  @Override
  public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata metadata) {
    return INLINE.contains(call.getMethodDescriptor().getServiceName()) ? null : BLOCKING_CALLS;
  }
}
