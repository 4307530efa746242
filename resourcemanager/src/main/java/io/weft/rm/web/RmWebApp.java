package io.weft.rm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.ServerAddress;
import io.weft.common.id.HostPort;
import io.weft.common.web.WebResponse;
import io.weft.common.tls.TlsSettings;
import io.weft.common.web.WebServer;
import io.weft.common.web.WebTimeouts;
import io.weft.rm.core.RmCore;
import io.weft.rm.ha.HaStatus;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.rm.config.RmKeys;
import io.weft.common.security.Authentication;
import io.weft.common.security.Exposure;
import io.weft.rm.auth.Access;
import io.weft.rm.rpc.SubmittingHosts;
import io.weft.rm.rpc.TrackingCertificates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The RM's web app: REST, console, proxy and metrics on one embedded server. The socket is bound
 * when this is built ({@link #bind}), so tracking URLs can name the real address before the RM core
 * exists; {@link #start} adds the routes, the utilization sampler, and starts serving. With HA
 * the port outlives the active core: {@link #serve} and {@link #standby} swap the pages.
 */
public final class RmWebApp implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  /** One sample every 10 s, kept for an hour. */
  static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(10);
  static final int SAMPLES = 360;

  private final WebServer server;
  private final TlsSettings tls;
  private final Clock clock;
  private final Supplier<HaStatus> ha;
  private final ProxySettings proxySettings;
  private final Instant startedOn;
  private ScheduledExecutorService sampler;
  private ApplicationProxy proxy;
  private RmCore serving;

  private RmWebApp(WebServer server, TlsSettings tls, Clock clock, Supplier<HaStatus> ha, ProxySettings proxySettings) {
    this.server = server;
    this.tls = tls;
    this.clock = clock;
    this.ha = ha;
    this.proxySettings = proxySettings;
    this.startedOn = clock.instant();
  }

  /** {@code ha} says what {@code /ws/v1/cluster/info} reports as the HA state; plaintext, the proxy with its default bounds. */
  public static RmWebApp bind(HostPort address, WebTimeouts timeouts, Clock clock, Supplier<HaStatus> ha) {
    return bind(ServerAddress.exactly(address), timeouts, TlsSettings.OFF, ProxySettings.DEFAULT, clock, ha);
  }

  /**
   * {@code ha} says what {@code /ws/v1/cluster/info} reports as the HA state; with {@code tls} enabled the
   * console speaks HTTPS and links to the NMs' pages (which then speak it too) say https.
   */
  public static RmWebApp bind(ServerAddress address, WebTimeouts timeouts, TlsSettings tls, ProxySettings proxy,
      Clock clock, Supplier<HaStatus> ha) {
    return new RmWebApp(WebServer.bind("rm", address, 8, timeouts, tls), tls, requireNonNull(clock), requireNonNull(ha),
        requireNonNull(proxy));
  }

  /** The address others dial: the advertised host, the real port when configured with 0. */
  public HostPort address() {
    return server.address();
  }

  /** The address listened on (its host may be a wildcard). */
  public HostPort boundAddress() {
    return server.boundAddress();
  }

  /** {@code http://host:port}, or {@code https://} with TLS. */
  public String baseUrl() {
    return server.scheme() + "://" + address();
  }

  /**
   * Serves the active RM's pages over {@code core}, then starts answering requests; {@code submitting} says
   * where applications were submitted from (the proxy forwards there too), {@code certificates} what
   * https tracking URLs present.
   */
  public synchronized void start(RmCore core, Access access, WebSettings settings, SubmittingHosts submitting,
      TrackingCertificates certificates) {
    if (serving != null) {
      return;
    }
    serve(core, access, settings, submitting, certificates);
    listen();
  }

  /**
   * Its request handlers at the priority {@code config} gives them: the niceness, and the idle policy when asked
   * for (see {@link WebServer#handlersUnderIdlePolicy}). Before {@link #listen}.
   */
  public RmWebApp handlersAtPriority(WeftConfig config) {
    server.handlersAtNiceness(config.get(RmKeys.WEBAPP_HANDLER_NICENESS));
    if (config.get(RmKeys.WEBAPP_HANDLER_IDLE_POLICY)) {
      server.handlersUnderIdlePolicy();
    }
    return this;
  }

  /** Starts answering requests, with whatever pages are in place (none yet: 404). */
  public void listen() {
    server.start();
  }

  /**
   * The active RM's pages over {@code core}: REST, console, proxy, metrics. Replaces the pages that
   * were served (a standby's, or an earlier core's).
   */
  public synchronized void serve(RmCore core, Access rmAccess, WebSettings settings, SubmittingHosts submitting,
      TrackingCertificates certificates) {
    stopSampler();
    serving = core;
    AppAccess access = new AppAccess(rmAccess, new WebSessions(clock));
    Authentication authentication = rmAccess.authenticator().mode();
    boolean loopbackOnly = Exposure.loopbackOnly(boundAddress().host());
    AppWrites writes = new AppWrites(core, this::baseUrl, access, settings.restAppWrites(), loopbackOnly,
        boundAddress().toString());
    ConsolePages console = new ConsolePages(access, securityNotice(authentication, loopbackOnly, writes.accepted()));
    ApplicationProxy previous = proxy;
    ApplicationProxy current = new ApplicationProxy(core, access, new TrackingHosts(core, submitting), certificates,
        proxySettings, tls);
    proxy = current;
    ContainerLogsProxy logs = new ContainerLogsProxy(core, tls, (r, id) -> access.requireView(r,
        Futures.await(core.report(id.applicationId()))), access::onBehalfOf,
        settings.logStore().map(AggregatedContainerLogs::new));
    UtilizationHistory samples = new UtilizationHistory(SAMPLES);
    server.replaceRoutes(server -> {
      RmRoutes routes = new RmRoutes(server, new WebGuard(access));
      new ClusterWs(core, clock, startedOn, access, ha, this.server.scheme(), settings.logAggregation())
          .register(routes);
      writes.register(routes);
      console.register(routes);
      new LoginPages(access, settings.tls()).register(routes);
      // Proxying and fetching logs wait on other servers: the slow-work pool, so the console stays up;
      // the proxy also bounds its own waiting requests (weft.web-proxy.max-concurrent-requests).
      routes.getSlow("/proxy/{appid}/{path...}", current::handle)
          .getSlow("/logs/{containerid}", logs::listing)
          .getSlow("/logs/{containerid}/{file}", logs::file)
          .get("/metrics", r -> RmMetricsPage.render(core))
          .get("/ws/v1/console/utilization", r -> WebResponse.json(Map.of("samples", samples.samples(),
              "intervalMs", SAMPLE_INTERVAL.toMillis())));
    });
    if (previous != null) {
      previous.close();
    }
    sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rm-web-sampler");
      t.setDaemon(true);
      return t;
    });
    sampler.scheduleWithFixedDelay(() -> core.metrics().whenComplete((m, e) -> {
      if (m != null) {
        samples.record(clock.instant(), m);
      } else {
        LOG.debug("utilization sample skipped: {}", e.toString());
      }
    }), 0, SAMPLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The console footer's line on security: a plain warning when nothing proves who users are. */
  static String securityNotice(Authentication authentication, boolean loopbackOnly, boolean restWrites) {
    if (authentication.verifiesUsers()) {
      return "authentication: " + authentication.configName() + " — users are verified";
    }
    return "authentication: simple — users are not verified"
        + (loopbackOnly ? "" : "; this ResourceManager listens beyond loopback without authentication (set "
            + CommonKeys.SECURITY_AUTHENTICATION.key() + ")")
        + (restWrites ? "" : "; REST submissions, kills and moves are refused");
  }

  /**
   * A standby's pages: every page redirects to the active RM's web address, except
   * {@code /ws/v1/cluster/info} and {@code /metrics}, which answer for this RM.
   */
  public synchronized void standby() {
    stopSampler();
    serving = null;
    server.replaceRoutes(routes -> new StandbyPages(ha, startedOn, server.scheme()).register(routes));
    closeProxy();
  }

  private void stopSampler() {
    if (sampler != null) {
      sampler.shutdownNow();
      sampler = null;
    }
  }

  private void closeProxy() {
    if (proxy != null) {
      proxy.close();
      proxy = null;
    }
  }

  @Override
  public synchronized void close() {
    stopSampler();
    server.close();
    closeProxy();
  }
}
