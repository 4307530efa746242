package io.weft.nm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.ServerAddress;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.security.LogReaders;
import io.weft.common.web.Html;
import io.weft.common.web.Prometheus;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.common.tls.TlsSettings;
import io.weft.common.web.WebServer;
import io.weft.common.web.WebTimeouts;
import io.weft.nm.application.ApplicationReport;
import io.weft.nm.application.Applications;
import io.weft.nm.container.ContainerManager;
import io.weft.nm.container.ContainerReport;
import io.weft.nm.logs.ContainerLogs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The NodeManager's web app. The socket is bound by {@link #bind} (so the NM reports its real http
 * address to the RM); {@link #start} adds the routes once the node's components exist.
 */
public final class NmWebApp implements AutoCloseable {
  private final WebServer server;

  private NmWebApp(WebServer server) {
    this.server = server;
  }

  /** Binds {@code address}; with {@code tls} enabled the pages speak HTTPS. */
  public static NmWebApp bind(ServerAddress address, WebTimeouts timeouts, TlsSettings tls) {
    return new NmWebApp(WebServer.bind("nm", address, 4, timeouts, tls));
  }

  public HostPort address() {
    return server.address();
  }

  /** Node facts the pages show. */
  public record NodeFacts(NodeId nodeId, String httpAddress, Instant startedAt, BooleanSupplier registered,
      java.util.function.Supplier<io.weft.nm.health.NodeHealth> health, boolean pmemCheckEnabled,
      java.util.function.Supplier<io.weft.nm.warm.WarmJvmPool.Stats> warmJvms) {}

  /** {@code readers}: who may read which application's logs (the owner is the user it runs as here). */
  public void start(NodeFacts node, ContainerManager containers, Applications applications, Path logRoot,
      LogReaders readers) {
    requireNonNull(node);
    requireNonNull(containers);
    ContainerLogs containerLogs = new ContainerLogs(logRoot);
    WebCallers callers = new WebCallers(readers, app -> applications.report(app).map(ApplicationReport::user));
    LogPages logs = new LogPages(containerLogs, logRoot, callers);
    NodeWs ws = new NodeWs(node, containers, applications, containerLogs, server.scheme());
    Routes routes = new Routes(server, callers);
    // Log files can be large: reading them runs on the slow-work pool, so the node's pages stay up.
    routes.get("/", r -> WebResponse.redirect("/node"))
        .get("/node", r -> WebResponse.html(frame("Node " + node.nodeId(), nodePage(node, containers))))
        .get("/node/containerlogs/{containerid}/{user}", logs::listing)
        .getSlow("/node/containerlogs/{containerid}/{user}/{file}", logs::page)
        .get("/ws/v1/node", r -> WebResponse.json(Map.of("nodeInfo", ws.info())))
        .get("/ws/v1/node/info", r -> WebResponse.json(Map.of("nodeInfo", ws.info())))
        .get("/ws/v1/node/apps", r -> WebResponse.json(Map.of("apps", Map.of("app", ws.apps()))))
        .get("/ws/v1/node/apps/{appid}", r -> WebResponse.json(Map.of("app", ws.app(r.param("appid")))))
        .get("/ws/v1/node/containers", r -> WebResponse.json(Map.of("containers", Map.of("container",
            ws.containers(logsVisibleTo(callers, r))))))
        .get("/ws/v1/node/containers/{containerid}", r -> WebResponse.json(Map.of("container",
            ws.container(LogPages.containerId(r.param("containerid")), logsVisibleTo(callers, r)))))
        .getSlow("/ws/v1/node/containerlogs/{containerid}/{file}", logs::text)
        .get("/metrics", r -> metrics(node, containers));
    server.start();
  }

  private static Predicate<ApplicationId> logsVisibleTo(WebCallers callers, WebRequest r) {
    LogReaders.Reader caller = callers.caller(r);
    return app -> callers.mayReadLogs(caller, app);
  }

  /** Every route of the node's server goes through {@link WebCallers#guarded}. */
  private record Routes(WebServer server, WebCallers callers) {
    Routes get(String path, WebServer.Handler handler) {
      server.get(path, callers.guarded(handler));
      return this;
    }

    Routes getSlow(String path, WebServer.Handler handler) {
      server.getSlow(path, callers.guarded(handler));
      return this;
    }
  }

  private WebResponse metrics(NodeFacts node, ContainerManager containers) {
    Resource used = containers.allocated();
    List<ContainerReport> all = containers.reports();
    Prometheus p = new Prometheus()
        .gauge("weft_nm_memory_total_mb", "memory this node offers to containers", containers.capability().memoryMb())
        .gauge("weft_nm_memory_allocated_mb", "memory of the containers running here", used.memoryMb())
        .gauge("weft_nm_vcores_total", "vcores this node offers to containers", containers.capability().vcores())
        .gauge("weft_nm_vcores_allocated", "vcores of the containers running here", used.vcores())
        .gauge("weft_nm_containers_running", "containers not yet completed",
            all.stream().filter(c -> !c.isCompleted()).count())
        .gauge("weft_nm_containers_completed", "completed containers not yet forgotten",
            all.stream().filter(ContainerReport::isCompleted).count())
        .gauge("weft_nm_registered", "1 while the node is registered with the ResourceManager",
            node.registered().getAsBoolean() ? 1 : 0);
    io.weft.nm.warm.WarmJvmPool.Stats warm = node.warmJvms().get();
    p.counter("weft_nm_warm_jvm_launches_total", "containers launched in a warm JVM (docs/warm-jvms.md)",
            warm.warmLaunches())
        .counter("weft_nm_cold_launches_total", "containers launched by starting their command (not warm)",
            warm.coldLaunches());
    boolean declared = false;
    for (Map.Entry<Long, Integer> heap : warm.readyByHeapMb().entrySet()) {
      Map<String, String> labels = Map.of("heap_mb", Long.toString(heap.getKey()));
      if (declared) {
        p.sample("weft_nm_warm_jvms_ready", labels, heap.getValue());
      } else {
        p.metric("weft_nm_warm_jvms_ready", "gauge", "idle warm JVMs ready to be claimed, per heap size", labels,
            heap.getValue());
        declared = true;
      }
    }
    return p.response();
  }

  private String nodePage(NodeFacts node, ContainerManager containers) {
    Resource cap = containers.capability();
    Resource used = containers.allocated();
    StringBuilder b = new StringBuilder("<table class=\"kv\">")
        .append(row("Node", node.nodeId())).append(row("Registered with the RM", node.registered().getAsBoolean()))
        .append(row("Started", node.startedAt())).append(row("Memory", used.memoryMb() + " / " + cap.memoryMb() + " MB"))
        .append(row("VCores", used.vcores() + " / " + cap.vcores())).append("</table><h2>Containers</h2>")
        .append("<table><tr><th>Container</th><th>State</th><th>Exit code</th><th>Memory MB</th><th>VCores</th>")
        .append("<th>Logs</th></tr>");
    for (ContainerReport c : containers.reports()) {
      String logs = "/node/containerlogs/" + c.id() + "/" + Html.escape(c.user());
      b.append("<tr><td>").append(Html.escape(c.id())).append("</td><td>").append(Html.escape(NodeWs.yarnState(c.state())))
          .append("</td><td>").append(c.isCompleted() ? c.exitStatus() : "").append("</td><td>")
          .append(c.resource().memoryMb()).append("</td><td>").append(c.resource().vcores()).append("</td><td>")
          .append("<a href=\"").append(logs).append("/stdout\">stdout</a> <a href=\"").append(logs)
          .append("/stderr\">stderr</a></td></tr>");
    }
    return b.append("</table><p class=\"note\">REST: <a href=\"/ws/v1/node/info\">/ws/v1/node/info</a>, ")
        .append("<a href=\"/ws/v1/node/apps\">apps</a>, <a href=\"/ws/v1/node/containers\">containers</a>; ")
        .append("<a href=\"/metrics\">metrics</a>.</p>").toString();
  }

  private static String row(String key, Object value) {
    return "<tr><th>" + Html.escape(key) + "</th><td>" + Html.escape(value) + "</td></tr>";
  }

  static String frame(String title, String body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
        + " · Weft NodeManager</title><style>body{font-family:system-ui,sans-serif;margin:1em 1.5em;color:#1d2430}"
        + "table{border-collapse:collapse}th,td{border-bottom:1px solid #e3e6eb;padding:.3em .5em;text-align:left}"
        + "pre{background:#f6f7f9;padding:.8em;white-space:pre-wrap;border:1px solid #e3e6eb}.note{color:#55607a}"
        + "</style></head><body><p><a href=\"/node\">Node</a></p>" + body + "</body></html>";
  }

  @Override
  public void close() {
    server.close();
  }
}
