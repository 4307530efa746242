package io.weft.common.logstore;

import static java.util.Objects.requireNonNull;

import io.grpc.ClientInterceptor;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigKey;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.AuthHeaders;
import io.weft.common.security.BearerTokenInterceptor;
import io.weft.common.security.UserTokenSource;
import io.weft.common.tls.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Opens the {@link LogStore} a configuration names: the history server's (the default) or a mounted path. */
public final class LogStores {
  public static final ConfigKey<String> STORE = ConfigKey.string("weft.log-aggregation.store", "",
      "where aggregated container logs and driver event logs go: empty = the history server at "
          + "weft.historyserver.address, over gRPC (nothing shared between hosts); file:///path = a directory every "
          + "NodeManager, driver and weft logs can reach (a shared mount)");

  public static final ConfigKey<String> AGGREGATION_ENABLED = ConfigKey.string("weft.log-aggregation-enable", "auto",
      "whether NodeManagers upload the logs of an application's containers to the log store when it ends (YARN's "
          + "yarn.log-aggregation-enable): true, false, or auto = on when weft.log-aggregation.store or "
          + "weft.historyserver.address is set (a history server or shared path has been configured), off otherwise; "
          + "the ResourceManager reports logAggregationStatus DISABLED when it is off");

  /** Listing and deleting: small answers. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  /** A whole upload or read: a gigabyte at a few MB/s fits. */
  static final Duration TRANSFER_TIMEOUT = Duration.ofHours(1);

  private LogStores() {}

  /** Whether log aggregation is on, by {@link #AGGREGATION_ENABLED}. */
  public static boolean aggregationEnabled(WeftConfig config) {
    String value = config.get(AGGREGATION_ENABLED).strip().toLowerCase(java.util.Locale.ROOT);
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      case "auto", "" -> config.raw(STORE.key()).filter(v -> !v.isBlank()).isPresent()
          || config.raw(CommonKeys.HISTORY_ADDRESS.key()).filter(v -> !v.isBlank()).isPresent();
      default -> throw new io.weft.common.config.ConfigException("configuration " + AGGREGATION_ENABLED.key() + "="
          + value + " is not true, false or auto");
    };
  }

  /**
   * Who a process reads the history server's store as: the user it names ({@code weft-user}, what simple
   * authentication goes by) and the bearer token it presents (token authentication), beside the TLS certificate of
   * its configuration (tls authentication, and the daemons').
   */
  public record Caller(String user, Optional<String> bearerToken) {
    public Caller {
      requireNonNull(user);
      requireNonNull(bearerToken);
    }

    /** This process's OS user, no token: a daemon, which proves itself by its certificate. */
    public static Caller process() {
      return new Caller(AuthHeaders.localUser(), Optional.empty());
    }

    /** A user's client ({@code weft logs}): its OS user and the token it sends the RM ({@link UserTokenSource}). */
    public static Caller user(WeftConfig config) {
      return new Caller(AuthHeaders.localUser(), UserTokenSource.find(config));
    }
  }

  /** The store as this process ({@link Caller#process()}): what the daemons open. */
  public static LogStore open(WeftConfig config) {
    return open(config, Caller.process());
  }

  public static LogStore open(WeftConfig config, Caller caller) {
    String store = config.get(STORE);
    if (store.isBlank()) {
      HostPort history = HostPort.parse(config.get(CommonKeys.HISTORY_ADDRESS), CommonKeys.HISTORY_ADDRESS.key());
      // The process's own TLS settings: a NodeManager presents its node certificate, a user theirs if any.
      return new GrpcLogStore(Channels.forAddressAs(history, TlsSettings.of(config).channelCredentials(),
          caller.user(), caller.bearerToken().stream().map(BearerTokenInterceptor::new)
              .toArray(ClientInterceptor[]::new)), history, CALL_TIMEOUT, TRANSFER_TIMEOUT);
    }
    URI uri;
    try {
      uri = URI.create(store);
    } catch (IllegalArgumentException e) {
      throw WeftException.invalidArgument(STORE.key() + "=" + store + " is not a URI: " + e.getMessage());
    }
    if (!"file".equals(uri.getScheme()) || uri.getPath() == null || uri.getPath().isEmpty()) {
      throw WeftException.invalidArgument(STORE.key() + "=" + store
          + " is neither empty (the history server) nor a file:///absolute/path");
    }
    try {
      return new FileLogStore(Path.of(uri.getPath()));
    } catch (IOException e) {
      throw new UncheckedIOException(STORE.key() + "=" + store + " cannot be used: " + e.getMessage(), e);
    }
  }
}
