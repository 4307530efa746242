package io.weft.history;

import io.grpc.BindableService;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.ServerAddress;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Closer;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.logstore.FileLogStore;
import io.weft.common.logstore.LogStore;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RpcServer;
import io.weft.common.security.Authentication;
import io.weft.common.security.BearerTokens;
import io.weft.common.security.Exposure;
import io.weft.common.security.LogReaders;
import io.weft.common.tls.TlsSettings;
import io.weft.common.web.WebServer;
import io.weft.common.web.WebTimeouts;
import io.weft.driver.DriverKeys;
import io.weft.history.rpc.LogStoreAccess;
import io.weft.history.rpc.LogStoreRpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code bin/weft historyserver}: keeps the aggregated log store in a directory of its own, serves it over gRPC
 * to NodeManagers, drivers and {@code weft logs}, and serves finished applications on its web server.
 */
public final class HistoryServer implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();
  private final Closer closer = new Closer();
  private final FileLogStore store;
  private final RpcServer rpc;
  private final WebServer web;
  private final ServerAddress rpcAddress;
  private final ServerAddress webAddress;
  private final Authentication authentication;
  private final boolean tlsEnabled;
  private final ApplicationCache cache;
  private final EventLogCleaner cleaner;
  private final Duration cleanerInterval;
  private final LogRetention retention;
  private final Duration retentionInterval;
  /** Runs both retentions: event logs (the cleaner) and container logs (LogRetention). */
  private final ScheduledExecutorService retentionTimer;

  public HistoryServer(WeftConfig config) {
    HistoryKeys.declare();
    TlsSettings tls = TlsSettings.forDaemon(config);
    tlsEnabled = tls.enabled();
    String bindHost = config.get(HistoryKeys.BIND_HOST);
    authentication = Authentication.of(config);
    rpcAddress = ServerAddress.of(HostPort.parse(config.get(CommonKeys.HISTORY_ADDRESS),
        CommonKeys.HISTORY_ADDRESS.key()), bindHost, CommonKeys.HISTORY_ADDRESS.key());
    webAddress = ServerAddress.of(HostPort.parse(config.get(CommonKeys.HISTORY_WEBAPP_ADDRESS),
        CommonKeys.HISTORY_WEBAPP_ADDRESS.key()), bindHost, CommonKeys.HISTORY_WEBAPP_ADDRESS.key());
    try {
      store = closer.register(new FileLogStore(storeDir(config)));
    } catch (IOException e) {
      throw new UncheckedIOException("history server cannot use its directory: " + e.getMessage(), e);
    }
    List<BindableService> services = new ArrayList<>();
    LogReaders.Admins admins = LogReaders.Admins.of(config, authentication);
    boolean aclEnable = LogReaders.aclEnable(config);
    BearerTokens tokens = authentication == Authentication.TOKEN
        ? closer.register(new BearerTokens(Channels.forResourceManagers(RmEndpoints.rpcAddresses(config),
            tls.channelCredentials()), config.get(CommonKeys.RPC_TIMEOUT)))
        : BearerTokens.none();
    LogStoreAccess access = new LogStoreAccess(new LogStoreAccess.Settings(tls.enabled(),
        new LogReaders(authentication, aclEnable, admins, tokens),
        store.root().resolveSibling(store.root().getFileName() + "-owners")));
    services.add(new LogStoreRpc(store, access));
    rpc = closer.register(RpcServer.on(RpcServer.nettyBuilder(rpcAddress.bind(), tls.serverCredentials()),
        rpcAddress.advertisedHost(), List.of(access), services.toArray(BindableService[]::new)));
    retention = new LogRetention(store, access::forget, config.get(HistoryKeys.LOG_RETAIN_SECONDS),
        Clock.systemUTC());
    retentionInterval = Duration.ofSeconds(config.get(HistoryKeys.LOG_RETENTION_CHECK_SECONDS));
    web = closer.register(WebServer.bind("history", webAddress, 4, WebTimeouts.from(config), tls));
    EventLogCatalog catalog = new EventLogCatalog(store);
    cache = new ApplicationCache(store, catalog, config.get(HistoryKeys.CACHE_MAX_APPLICATIONS),
        config.get(DriverKeys.UI_RETAINED_JOBS), config.get(DriverKeys.UI_RETAINED_STAGES));
    WebViewers viewers = new WebViewers(authentication, aclEnable,
        new WebViewers.Admins(admins.everyone(), admins.users()), tokens);
    new HistoryWeb(catalog, cache, viewers).register(web);
    cleaner = new EventLogCleaner(store, catalog, cache, Duration.ofSeconds(config.get(HistoryKeys.RETAIN_SECONDS)),
        config.get(HistoryKeys.RETAIN_MAX_APPLICATIONS), Clock.systemUTC());
    cleanerInterval = config.get(HistoryKeys.CLEANER_INTERVAL);
    retentionTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "history-retention");
      t.setDaemon(true);
      return t;
    });
    closer.register((AutoCloseable) retentionTimer::shutdownNow);
  }

  private static Path storeDir(WeftConfig config) {
    String dir = config.get(HistoryKeys.DIR);
    return dir.isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "weft-history-" + System.getProperty("user.name"))
        : Path.of(dir);
  }

  @Override
  public void start() {
    rpc.start();
    web.start();
    retentionTimer.scheduleWithFixedDelay(cleaner::cleanQuietly, 0, cleanerInterval.toMillis(), TimeUnit.MILLISECONDS);
    retentionTimer.scheduleWithFixedDelay(retention::deleteExpired, 0, retentionInterval.toMillis(),
        TimeUnit.MILLISECONDS);
    Exposure.warnIfOpen(LOG, "history server's RPC server", rpcAddress.bind(), authentication, tlsEnabled);
    Exposure.warnIfOpen(LOG, "history server's web server", webAddress.bind(), authentication, tlsEnabled);
  }

  /** Where NodeManagers, drivers and {@code weft logs} dial the store (the bound port when asked for 0). */
  public HostPort address() {
    return rpc.address();
  }

  public HostPort webAddress() {
    return web.address();
  }

  public LogStore store() {
    return store;
  }

  /** {@code http(s)://host:port/history/<appId>/}: where a finished application's driver UI is. */
  public String applicationUrl(ApplicationId app) {
    return web.scheme() + "://" + web.address() + HistoryWeb.UI_PREFIX + app + "/";
  }

  /** Runs one retention pass now (the cleaner runs one every weft.historyserver.cleaner.interval-ms). */
  public int cleanEventLogs() throws IOException {
    return cleaner.clean();
  }

  @Override
  public void close() {
    closer.close();
  }
}
