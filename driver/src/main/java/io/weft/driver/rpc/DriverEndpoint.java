package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.rpc.RpcServer;
import io.weft.driver.scheduler.TaskScheduler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The driver's gRPC server: DriverService behind the application-secret check. */
public final class DriverEndpoint implements Lifecycle {
  private final RpcServer server;

  private DriverEndpoint(RpcServer server) {
    this.server = server;
  }

  /** A Netty endpoint bound to {@code bind} (port 0 = ephemeral) and advertised as {@code bind.host()}. */
  public static DriverEndpoint netty(HostPort bind, String applicationId, AppCredentials credentials,
      TaskScheduler scheduler, Map<String, String> executorConf) {
    return netty(bind, bind.host(), applicationId, credentials, scheduler,
        new DriverServices(executorConf, new FileServer(), java.util.Optional.empty()));
  }

  /** A Netty endpoint bound to {@code bind} and advertised as {@code advertisedHost}. */
  public static DriverEndpoint netty(HostPort bind, String advertisedHost, String applicationId,
      AppCredentials credentials, TaskScheduler scheduler, DriverServices services) {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(bind.host(), bind.port()),
            credentials.serverCredentials())
        .maxInboundMessageSize(64 * 1024 * 1024)
        // executors ping to notice a vanished driver; allow it
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true);
    return on(builder, advertisedHost, applicationId, credentials.secret(), scheduler, services);
  }

  public static DriverEndpoint on(ServerBuilder<?> builder, String advertisedHost, String applicationId,
      String secret, TaskScheduler scheduler, Map<String, String> executorConf) {
    return on(builder, advertisedHost, applicationId, secret, scheduler,
        new DriverServices(executorConf, new FileServer(), java.util.Optional.empty()));
  }

  public static DriverEndpoint on(ServerBuilder<?> builder, String advertisedHost, String applicationId,
      String secret, TaskScheduler scheduler, DriverServices services) {
    requireNonNull(secret, "secret");
    return new DriverEndpoint(RpcServer.on(builder, advertisedHost,
        List.of(new AppSecretServerInterceptor(applicationId, secret)),
        new DriverServiceHandler(applicationId, scheduler, services)));
  }

  @Override
  public void start() {
    server.start();
  }

  /** Where executors dial in. */
  public HostPort address() {
    return server.address();
  }

  @Override
  public void close() {
    server.close();
  }
}
