package io.weft.rm;

import static java.util.Objects.requireNonNull;

import io.grpc.BindableService;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.ServerAddress;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Closer;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.security.Authentication;
import io.weft.common.security.Exposure;
import io.weft.common.rpc.RpcServer;
import io.weft.common.tls.TlsSettings;
import io.weft.common.web.WebTimeouts;
import io.weft.rm.ha.HaAdmin;
import io.weft.rm.ha.HaStatus;
import io.weft.rm.rpc.CallThreads;
import io.weft.rm.rpc.NodeChannels;
import io.weft.rm.web.ProxySettings;
import io.weft.rm.web.RmWebApp;
import io.weft.rm.web.WebSettings;
import java.time.Clock;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The ResourceManager: one gRPC server with the client, staging, ApplicationMaster and resource
 * tracker services over the single-writer RM core. The composition root of the RM process.
 */
public final class ResourceManager implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();

  private final ServerAddress rpc;
  private final TlsSettings tls;
  private final ActiveServices active;
  private final Closer closer = new Closer();
  private final RmWebApp web;
  private final WebSettings webSettings;
  private RpcServer server;
  private boolean started;
  private boolean closed;

  public ResourceManager(WeftConfig config) {
    this(config, Clock.systemUTC());
  }

  /** With an injected clock, for tests of time-driven behaviour (liveness, timeouts). */
  public ResourceManager(WeftConfig config, Clock clock) {
    this(config, clock, TlsSettings.forDaemon(config));
  }

  private ResourceManager(WeftConfig config, Clock clock, TlsSettings tls) {
    this(config, clock, tls, NodeChannels.netty(tls.channelCredentials()));
  }

  ResourceManager(WeftConfig config, Clock clock, NodeChannels nodeChannels) {
    this(config, clock, TlsSettings.forDaemon(config), nodeChannels);
  }

  /** {@code tls} is read once, here: the PEM files are parsed for the NM channels and the servers alike. */
  private ResourceManager(WeftConfig config, Clock clock, TlsSettings tls, NodeChannels nodeChannels) {
    requireNonNull(config);
    requireNonNull(clock);
    RmEndpoints.Endpoint endpoint = RmEndpoints.of(config).get(0);
    this.rpc = endpoint.rpcServer(config.get(CommonKeys.RM_BIND_HOST));
    this.tls = requireNonNull(tls);
    // Bound first, so that tracking URLs name the real web address (port 0 = ephemeral).
    this.web = RmWebApp.bind(endpoint.webServer(config.get(CommonKeys.RM_BIND_HOST)), WebTimeouts.from(config), tls, ProxySettings.from(config), clock,
        () -> HaStatus.NOT_ENABLED).handlersAtPriority(config);
    this.webSettings = WebSettings.from(config);
    try {
      this.active = new ActiveServices(config, clock, nodeChannels, StateStores.open(config), web.baseUrl(),
          this::address, HaAdmin.NOT_ENABLED);
    } catch (RuntimeException e) {
      web.close();
      throw e;
    }
  }

  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    try {
      closer.register(web);
      long recoveryStart = System.nanoTime();
      closer.start(active);
      long recoveryMs = (System.nanoTime() - recoveryStart) / 1_000_000;
      server = closer.start(RpcServer.on(CallThreads.serverBuilder(rpc.bind(), tls.serverCredentials()),
          rpc.advertisedHost(), List.of(), active.services()));
      web.start(active.core(), active.access(), webSettings, active.submittingHosts(),
          active.trackingCertificates());
      LOG.info("ResourceManager {} serving on {}, web console at {}; state store {} ({} application(s) recovered "
          + "in {} ms)", active.clusterTimestamp(), server.address(), web.baseUrl(), active.storeName(),
          active.recovered(), recoveryMs);
      Authentication authentication = active.access().authenticator().mode();
      Exposure.warnIfOpen(LOG, "ResourceManager's RPC server", rpc.bind(), authentication, tls.enabled());
      Exposure.warnIfOpen(LOG, "ResourceManager's web server", web.boundAddress(), authentication, tls.enabled());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The bound gRPC address (the real port when configured with port 0). */
  public HostPort address() {
    RpcServer s = server;
    if (s == null) {
      throw new IllegalStateException("the ResourceManager is not started");
    }
    return s.address();
  }

  /** The bound address of the web console and REST API (the real port when configured with port 0). */
  public HostPort webAddress() {
    return web.address();
  }

  public long clusterTimestamp() {
    return active.clusterTimestamp();
  }

  /** The services, for serving the same RM in-process in tests. */
  BindableService[] services() {
    return active.services();
  }

  /** Runs the time-driven checks now (tests with a fake clock). */
  void tick() {
    active.core().tick().join();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!started) {
      active.close();
      web.close();
    }
    closer.close();
    LOG.info("ResourceManager {} stopped", active.clusterTimestamp());
  }
}
