package io.weft.common.testing;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.ServerInterceptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RpcServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that serves real service classes in-process (with Weft's error mapping) and
 * closes every server and channel after each test. Use with {@code @RegisterExtension}.
 */
public final class InProcessGrpc implements AfterEachCallback {
  private final List<RpcServer> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  /** Serves {@code services} under a fresh name and returns a channel to them. */
  public ManagedChannel serve(List<ServerInterceptor> interceptors, BindableService... services) {
    String name = InProcessServerBuilder.generateName();
    RpcServer server = RpcServer.on(InProcessServerBuilder.forName(name).directExecutor(), "in-process",
        interceptors, services);
    server.start();
    servers.add(server);
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    channels.add(channel);
    return channel;
  }

  public ManagedChannel serve(BindableService... services) {
    return serve(List.of(), services);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    channels.forEach(Channels::close);
    servers.forEach(RpcServer::close);
    channels.clear();
    servers.clear();
  }
}
