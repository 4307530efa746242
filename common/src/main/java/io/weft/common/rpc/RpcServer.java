package io.weft.common.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Lifecycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server for a set of services, each wrapped with the error mapping and any extra
 * interceptors. Takes a {@link ServerBuilder} so the same services run on Netty or in-process.
 */
public final class RpcServer implements Lifecycle {
  private final Server server;
  private final String advertisedHost;
  private boolean started;
  private boolean closed;

  private RpcServer(Server server, String advertisedHost) {
    this.server = server;
    this.advertisedHost = advertisedHost;
  }

  /** A plaintext Netty server bound to {@code bind} (port 0 = ephemeral), advertised under {@code bind.host()}. */
  public static RpcServer netty(HostPort bind, List<ServerInterceptor> interceptors, BindableService... services) {
    return netty(bind, InsecureServerCredentials.create(), interceptors, services);
  }

  /** As {@link #netty(HostPort, List, BindableService...)}, secured by {@code credentials} (TLS or plaintext). */
  public static RpcServer netty(HostPort bind, ServerCredentials credentials, List<ServerInterceptor> interceptors,
      BindableService... services) {
    return on(nettyBuilder(bind, credentials), bind.host(), interceptors, services);
  }

  /**
   * A Netty server builder bound to {@code bind}, secured by {@code credentials}, with Weft's message size limit
   * and a fixed flow-control window ({@link Channels#CONTROL_WINDOW_BYTES}).
   */
  public static NettyServerBuilder nettyBuilder(HostPort bind, ServerCredentials credentials) {
    return NettyServerBuilder.forAddress(new InetSocketAddress(bind.host(), bind.port()), credentials)
        .maxInboundMessageSize(64 * 1024 * 1024)
        .flowControlWindow(Channels.CONTROL_WINDOW_BYTES);
  }

  public static RpcServer on(ServerBuilder<?> builder, String advertisedHost, List<ServerInterceptor> interceptors,
      BindableService... services) {
    requireNonNull(builder);
    List<ServerInterceptor> chain = new ArrayList<>(interceptors);
    // Added last so it runs first: it must see exceptions from the other interceptors too.
    chain.add(new ErrorMappingInterceptor());
    for (BindableService service : services) {
      builder.addService(ServerInterceptors.intercept(service, chain));
    }
    return new RpcServer(builder.build(), advertisedHost);
  }

  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    try {
      server.start();
      started = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start gRPC server: " + e.getMessage(), e);
    }
  }

  /** The bound port (the real one when asked for port 0). */
  public int port() {
    return server.getPort();
  }

  public HostPort address() {
    return new HostPort(advertisedHost, port());
  }

  @Override
  public synchronized void close() {
    if (closed || !started) {
      closed = true;
      return;
    }
    closed = true;
    server.shutdown();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
