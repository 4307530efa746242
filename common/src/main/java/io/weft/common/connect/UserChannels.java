package io.weft.common.connect;

import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.FailoverChannel;
import io.weft.common.security.BearerTokenInterceptor;
import io.weft.common.security.UserTokenSource;
import io.weft.common.tls.TlsSettings;
import java.util.List;

/**
 * A client's channels to the ResourceManagers, as its configuration says: TLS when
 * {@code weft.security.tls.enabled} (trusting the cluster CA, presenting the user's certificate if any),
 * and the user's bearer token (found by {@link UserTokenSource}) on every call, added to each RM's
 * channel so failover and reconnects keep working as they do without it.
 */
public final class UserChannels {
  private UserChannels() {}

  public static FailoverChannel forResourceManagers(List<HostPort> addresses, WeftConfig config) {
    ChannelCredentials credentials = TlsSettings.of(config).channelCredentials();
    ClientInterceptor[] bearer = bearer(config);
    return new FailoverChannel(addresses, address -> Channels.forAddress(address, credentials, bearer));
  }

  /** A channel to one ResourceManager (not failing over: an HA admin call names the RM it means). */
  public static ManagedChannel forAddress(HostPort address, WeftConfig config) {
    return Channels.forAddress(address, TlsSettings.of(config).channelCredentials(), bearer(config));
  }

  private static ClientInterceptor[] bearer(WeftConfig config) {
    return UserTokenSource.find(config).stream().map(BearerTokenInterceptor::new).toArray(ClientInterceptor[]::new);
  }
}
