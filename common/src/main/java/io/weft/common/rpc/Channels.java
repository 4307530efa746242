package io.weft.common.rpc;

import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.weft.common.security.AuthHeaders;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.weft.common.id.HostPort;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Client channels. Callers set a deadline on every call; this only builds and closes channels. */
public final class Channels {
  /**
   * The HTTP/2 flow-control window of Weft's channels and servers, fixed: setting it turns off gRPC's automatic
   * tuning, which sends a PING to measure the bandwidth-delay product whenever data arrives with no PING
   * outstanding, so on a connection that carries one small message a second (a NodeManager's heartbeat stream)
   * every message cost a PING and its acknowledgement at each end. 1 MiB, gRPC's default and the tuning's starting
   * point, lets a stream run at 1 GB/s over a round trip of 1 ms.
   */
  public static final int CONTROL_WINDOW_BYTES = NettyChannelBuilder.DEFAULT_FLOW_CONTROL_WINDOW;

  private Channels() {}

  /** A plaintext channel whose calls name this process's user ({@link AuthHeaders#USER}). */
  public static ManagedChannel forAddress(HostPort address) {
    return forAddress(address, InsecureChannelCredentials.create());
  }

  /**
   * A channel whose calls name this process's user ({@link AuthHeaders#USER}), secured by
   * {@code credentials} (TLS or plaintext: {@code TlsSettings.channelCredentials()}). With TLS the
   * server's certificate must name {@code address.host()}. {@code more} interceptors see every call too
   * (e.g. one that adds the user's token).
   */
  public static ManagedChannel forAddress(HostPort address, ChannelCredentials credentials,
      ClientInterceptor... more) {
    return forAddressAs(address, credentials, AuthHeaders.localUser(), more);
  }

  /**
   * As {@link #forAddress(HostPort, ChannelCredentials, ClientInterceptor...)}, naming {@code claimedUser} instead
   * of this process's user: a daemon calling on behalf of a user it has checked (simple authentication).
   */
  public static ManagedChannel forAddressAs(HostPort address, ChannelCredentials credentials, String claimedUser,
      ClientInterceptor... more) {
    Metadata user = new Metadata();
    user.put(AuthHeaders.USER, claimedUser);
    return NettyChannelBuilder.forAddress(address.host(), address.port(), credentials)
        .maxInboundMessageSize(64 * 1024 * 1024)
        .flowControlWindow(CONTROL_WINDOW_BYTES)
        .intercept(MetadataUtils.newAttachHeadersInterceptor(user))
        .intercept(more)
        .build();
  }

  /**
   * A channel to the ResourceManagers at {@code addresses} (one, or all of an HA cluster's) that fails
   * over along them ({@code RmEndpoints.rpcAddresses} of a configuration); each address is dialled as
   * {@link #forAddress} does.
   */
  public static FailoverChannel forResourceManagers(List<HostPort> addresses) {
    return forResourceManagers(addresses, InsecureChannelCredentials.create());
  }

  /** As {@link #forResourceManagers(List)}, each RM dialled with {@code credentials}. */
  public static FailoverChannel forResourceManagers(List<HostPort> addresses, ChannelCredentials credentials) {
    return new FailoverChannel(addresses, address -> forAddress(address, credentials));
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
