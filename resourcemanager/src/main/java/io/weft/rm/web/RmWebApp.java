package io.weft.rm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.HostPort;
import io.weft.common.web.WebResponse;
import io.weft.common.web.WebServer;
import io.weft.rm.core.RmCore;
import io.weft.rm.queue.Acl;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The RM's web app: REST, console, proxy and metrics on one embedded server. The socket is bound
 * when this is built ({@link #bind}), so tracking URLs can name the real address before the RM core
 * exists; {@link #start(RmCore)} adds the routes, the utilization sampler, and starts serving.
 */
public final class RmWebApp implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  /** One sample every 10 s, kept for an hour. */
  static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(10);
  static final int SAMPLES = 360;

  private final WebServer server;
  private final Clock clock;
  private final UtilizationHistory history = new UtilizationHistory(SAMPLES);
  private ScheduledExecutorService sampler;

  private RmWebApp(WebServer server, Clock clock) {
    this.server = server;
    this.clock = clock;
  }

  public static RmWebApp bind(HostPort address, Clock clock) {
    return new RmWebApp(WebServer.bind("rm", address, 8), requireNonNull(clock));
  }

  /** The bound address (real port when configured with 0). */
  public HostPort address() {
    return server.address();
  }

  /** {@code http://host:port}. */
  public String baseUrl() {
    return "http://" + address();
  }

  /** Serves without ACLs. */
  public void start(RmCore core) {
    start(core, false, Acl.ALL);
  }

  /** With {@code aclEnabled}, applications may be viewed and killed only by their owner and {@code admins}. */
  public synchronized void start(RmCore core, boolean aclEnabled, Acl admins) {
    if (sampler != null) {
      return;
    }
    AppAccess access = new AppAccess(aclEnabled, admins);
    ClusterWs cluster = new ClusterWs(core, clock, access);
    cluster.register(server);
    new AppWrites(core, this::baseUrl, access).register(server);
    ConsolePages.register(server);
    ApplicationProxy proxy = new ApplicationProxy(core, access);
    ContainerLogsProxy logs = new ContainerLogsProxy(core, (r, id) -> access.requireView(r,
        Futures.await(core.report(id.applicationId()))));
    server.get("/proxy/{appid}/{path...}", proxy::handle)
        .get("/logs/{containerid}", logs::listing)
        .get("/logs/{containerid}/{file}", logs::file)
        .get("/metrics", r -> RmMetricsPage.render(core))
        .get("/ws/v1/console/utilization", r -> WebResponse.json(Map.of("samples", history.samples(),
            "intervalMs", SAMPLE_INTERVAL.toMillis())));
    sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rm-web-sampler");
      t.setDaemon(true);
      return t;
    });
    sampler.scheduleWithFixedDelay(() -> core.metrics().whenComplete((m, e) -> {
      if (m != null) {
        history.record(clock.instant(), m);
      } else {
        LOG.debug("utilization sample skipped: {}", e.toString());
      }
    }), 0, SAMPLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    server.start();
  }

  @Override
  public synchronized void close() {
    if (sampler != null) {
      sampler.shutdownNow();
    }
    server.close();
  }
}
