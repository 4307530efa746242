package io.weft.driver.ui;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.WeftException;
import io.weft.common.web.WebAssets;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.common.web.Routes;
import io.weft.common.web.WebServer;
import io.weft.common.web.WebTimeouts;
import io.weft.driver.DriverKeys;
import io.weft.driver.status.AppStatusStore;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The driver's web UI, like Spark's on 4040: jobs, stages, tasks, executors and the environment, as
 * small server-rendered pages and a JSON API under {@code api/v1/}, read from an {@link AppStatusStore}.
 * Every link is relative and every page sits one level deep ({@code stage?id=3&attempt=0}), so the UI
 * works unchanged behind the RM's {@code /proxy/{appId}/}.
 */
public final class DriverUi implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  /** Ports tried after the configured one before falling back to an ephemeral port (Spark tries 16). */
  static final int PORT_RETRIES = 16;
  private static final int THREADS = 4;

  /** Null when another server serves these routes ({@link #over}). */
  private final WebServer server;
  private final String url;
  private final AppStatusStore store;
  private final DriverPages pages;
  private volatile String applicationId = "";
  private volatile String applicationName = "";
  /** Answers {@code GET /jobs} for clients other than browsers when a driver service claims it (the job server). */
  private volatile WebServer.Handler jobsForApiClients;

  private DriverUi(WebServer server, String advertisedHost, AppStatusStore store) {
    this.server = server;
    this.url = server.scheme() + "://" + advertisedHost + ":" + server.address().port() + "/";
    this.store = store;
    this.pages = new DriverPages(store, this::title);
    routes(server);
    server.start();
    LOG.info("driver UI at {}", url);
  }

  private DriverUi(Routes routes, AppStatusStore store) {
    this.server = null;
    this.url = "";
    this.store = store;
    this.pages = new DriverPages(store, this::title);
    routes(routes);
  }

  /**
   * The UI's pages and JSON API over {@code store}, added to {@code routes} at the paths the live UI has, for a
   * server that mounts them (the history server, over a store rebuilt from an event log). Such a UI has no
   * server, URL or address of its own.
   */
  public static DriverUi over(Routes routes, AppStatusStore store) {
    return new DriverUi(requireNonNull(routes), requireNonNull(store));
  }

  /**
   * Binds {@code weft.ui.port} on {@code bindHost} (the next ports when taken, then any) and serves;
   * empty when {@code weft.ui.enabled} is false. Links name {@code advertisedHost}.
   */
  public static Optional<DriverUi> start(WeftConfig conf, String bindHost, String advertisedHost,
      AppStatusStore store) {
    return start(conf, bindHost, advertisedHost, store, Optional.empty());
  }

  /** As above, over HTTPS with {@code tls} when present (the application's certificate). */
  public static Optional<DriverUi> start(WeftConfig conf, String bindHost, String advertisedHost,
      AppStatusStore store, Optional<SSLContext> tls) {
    if (!conf.get(DriverKeys.UI_ENABLED)) {
      return Optional.empty();
    }
    return Optional.of(new DriverUi(bind(bindHost, conf.get(DriverKeys.UI_PORT), WebTimeouts.from(conf), tls),
        requireNonNull(advertisedHost), requireNonNull(store)));
  }

  private static WebServer bind(String host, int port, WebTimeouts timeouts, Optional<SSLContext> tls) {
    if (port != 0) {
      for (int p = port; p <= Math.min(65535, port + PORT_RETRIES); p++) {
        try {
          return WebServer.bind("driver-ui", new HostPort(host, p), THREADS, timeouts, tls);
        } catch (WeftException e) {
          LOG.debug("driver UI port {} is taken: {}", p, e.getMessage());
        }
      }
      LOG.warn("ports {}-{} are taken; the driver UI uses an ephemeral port ({})", port,
          Math.min(65535, port + PORT_RETRIES), DriverKeys.UI_PORT.key());
    }
    return WebServer.bind("driver-ui", new HostPort(host, 0), THREADS, timeouts, tls);
  }

  /** {@code http(s)://host:port/}: the tracking URL. */
  public String url() {
    return url;
  }

  public HostPort address() {
    return server.address();
  }

  /**
   * Lets a long-lived driver's own service (the job server) add routes to this UI's server, beside the pages,
   * so they share its port, its TLS and the RM proxy's tracking URL. Fails for a UI without a server of its own.
   */
  public void addRoutes(java.util.function.Consumer<WebServer> register) {
    if (server == null) {
      throw new IllegalStateException("this driver UI is mounted on another server and takes no routes");
    }
    register.accept(server);
  }

  /**
   * Lets a driver service answer {@code GET /jobs} for API clients: a browser (its Accept names text/html) still
   * gets the Jobs tab, any other client gets {@code handler}'s answer. The job server lists its jobs this way.
   */
  public void answerJobsForApiClients(WebServer.Handler handler) {
    if (server == null) {
      throw new IllegalStateException("this driver UI is mounted on another server and takes no routes");
    }
    this.jobsForApiClients = requireNonNull(handler);
  }

  private static boolean acceptsHtml(WebRequest r) {
    return r.header("Accept", "").contains("text/html");
  }

  /** The executors as the executors page shows them. */
  public List<AppStatusStore.ExecutorView> executors() {
    return store.executors();
  }

  public String applicationId() {
    return applicationId;
  }

  /** Names the application in the page titles and the API (known only after submission in client mode). */
  public void application(String id, String name) {
    this.applicationId = requireNonNull(id);
    this.applicationName = requireNonNull(name);
  }

  /** The configuration shown on the environment page; secret-looking keys and {@code secrets} are redacted. */
  public void environment(Map<String, String> settings, Collection<String> secrets) {
    store.environment(Redaction.redact(settings, secrets));
  }

  /** The nodes the application's executors are kept off now, shown on the executors page. */
  public void excludedNodes(List<AppStatusStore.ExcludedNodeView> nodes) {
    store.excludedNodes(nodes);
  }

  private String title() {
    return applicationName.isEmpty() ? applicationId : applicationName + " (" + applicationId + ")";
  }

  private void routes(Routes server) {
    server.get("/", r -> pages.jobs())
        .get("/jobs", r -> jobsForApiClients != null && !acceptsHtml(r) ? jobsForApiClients.handle(r) : pages.jobs())
        .get("/job", r -> pages.job(intQuery(r, "id")))
        .get("/stages", r -> pages.stages())
        .get("/stage", r -> pages.stage(intQuery(r, "id"), intQuery(r, "attempt", 0)))
        .get("/executors", r -> pages.executors())
        .get("/environment", r -> pages.environment())
        .get("/static/{file}", r -> WebAssets.serve("/io/weft/driver/ui/", r.param("file")))
        .get("/api/v1/application", r -> WebResponse.json(application()))
        .get("/api/v1/jobs", r -> WebResponse.json(store.jobs()))
        .get("/api/v1/jobs/{jobId}", r -> WebResponse.json(store.job(intParam(r, "jobId"))
            .orElseThrow(() -> WeftException.notFound("unknown job " + r.param("jobId")))))
        .get("/api/v1/stages", r -> WebResponse.json(store.stages(-1)))
        .get("/api/v1/stages/{stageId}/{attempt}", r -> WebResponse.json(store.stage(intParam(r, "stageId"),
            intParam(r, "attempt")).orElseThrow(() -> unknownStage(r))))
        .get("/api/v1/stages/{stageId}/{attempt}/taskSummary", r -> WebResponse.json(store.taskSummary(
            intParam(r, "stageId"), intParam(r, "attempt")).orElseThrow(() -> unknownStage(r))))
        .get("/api/v1/stages/{stageId}/{attempt}/tasks", r -> {
          int stageId = intParam(r, "stageId");
          int attempt = intParam(r, "attempt");
          store.stage(stageId, attempt).orElseThrow(() -> unknownStage(r));
          return WebResponse.json(store.tasks(stageId, attempt));
        })
        // Both list every executor, removed ones too, with when and why they were removed (Spark's /executors
        // lists only active ones; ours keeps its earlier shape, which the history server's readers rely on)
        .get("/api/v1/executors", r -> WebResponse.json(store.executors()))
        .get("/api/v1/allexecutors", r -> WebResponse.json(store.executors()))
        .get("/api/v1/excludedNodes", r -> WebResponse.json(store.excludedNodes()))
        .get("/api/v1/environment", r -> WebResponse.json(Map.of("weftProperties", store.environment())));
  }

  private Map<String, Object> application() {
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("id", applicationId);
    app.put("name", applicationName);
    return app;
  }

  private static WeftException unknownStage(WebRequest r) {
    return WeftException.notFound("unknown stage " + r.param("stageId") + " attempt " + r.param("attempt"));
  }

  private static int intParam(WebRequest r, String name) {
    return parse(name, r.param(name));
  }

  private static int intQuery(WebRequest r, String name) {
    String value = r.query(name, null);
    if (value == null) {
      throw WeftException.invalidArgument("query parameter " + name + " is missing");
    }
    return parse(name, value);
  }

  private static int intQuery(WebRequest r, String name, int fallback) {
    String value = r.query(name, null);
    return value == null ? fallback : parse(name, value);
  }

  private static int parse(String name, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw WeftException.invalidArgument(name + " '" + value + "' is not a non-negative whole number");
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
