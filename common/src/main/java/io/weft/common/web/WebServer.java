package io.weft.common.web;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A small embedded HTTP server: routes ({@code GET /ws/v1/cluster/apps/{appid}}) to handlers on a
 * bounded pool of daemon threads. The socket is bound at construction, so the real port (for port 0)
 * is known before {@link #start()}, when requests begin to be served. A {@link WeftException} from a
 * handler becomes YARN's RemoteException JSON; anything else a 500 that names the error.
 */
public final class WebServer implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();
  private static final int MAX_BODY = 1024 * 1024;
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    WebResponse handle(WebRequest request) throws Exception;
  }

  private record Route(String method, String[] segments, Handler handler) {}

  private final String name;
  private final HttpServer server;
  private final ExecutorService pool;
  private final List<Route> routes = new ArrayList<>();
  private boolean started;
  private boolean closed;

  private WebServer(String name, HttpServer server, ExecutorService pool) {
    this.name = name;
    this.server = server;
    this.pool = pool;
  }

  /** Binds {@code address} (port 0 = ephemeral); serves nothing until {@link #start()}. */
  public static WebServer bind(String name, HostPort address, int threads) {
    requireNonNull(name);
    // The JDK server writes the status line and headers, then the body, in separate segments; with
    // Nagle's algorithm on, the body waits for the client's delayed ACK (~40 ms per answer). The JDK
    // reads this switch once per JVM, when its first server is created; an explicit setting is kept.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 64);
    } catch (IOException e) {
      throw WeftException.unavailable(name + " web server cannot bind " + address + ": " + e.getMessage());
    }
    AtomicInteger count = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name + "-web-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    WebServer web = new WebServer(name, server, pool);
    server.setExecutor(pool);
    server.createContext("/", web::dispatch);
    return web;
  }

  /** Adds a route; path segments written {@code {name}} match one segment, a final {@code {name...}} the rest. */
  public synchronized WebServer route(String method, String path, Handler handler) {
    routes.add(new Route(method, split(path), requireNonNull(handler)));
    return this;
  }

  public WebServer get(String path, Handler handler) {
    return route("GET", path, handler);
  }

  /** The bound address; the real port when bound with port 0. */
  public HostPort address() {
    InetSocketAddress a = server.getAddress();
    return new HostPort(a.getHostString(), a.getPort());
  }

  @Override
  public synchronized void start() {
    if (started || closed) {
      return;
    }
    started = true;
    server.start();
    LOG.info("{} web server on http://{}/", name, address());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    pool.shutdownNow();
  }

  private void dispatch(HttpExchange exchange) {
    WebResponse response;
    try {
      response = answer(exchange);
    } catch (Throwable t) {
      response = failure(t);
    }
    send(exchange, response);
  }

  private WebResponse answer(HttpExchange exchange) throws Exception {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String[] actual = split(path);
    boolean pathKnown = false;
    List<Route> snapshot;
    synchronized (this) {
      snapshot = List.copyOf(routes);
    }
    for (Route route : snapshot) {
      Map<String, String> params = match(route.segments(), actual);
      if (params == null) {
        continue;
      }
      pathKnown = true;
      if (route.method().equals(method) || route.method().equals("GET") && method.equals("HEAD")) {
        WebRequest request = new WebRequest(method, path, params, query(exchange.getRequestURI().getRawQuery()),
            body(exchange.getRequestBody()));
        return route.handler().handle(request);
      }
    }
    if (pathKnown) {
      return RemoteErrors.error(405, "WebApplicationException", "method " + method + " is not allowed on " + path);
    }
    return RemoteErrors.error(404, "NotFoundException", "no resource at " + path);
  }

  private static WebResponse failure(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof WeftException e) {
      return RemoteErrors.of(e);
    }
    LOG.warn("web request failed", cause);
    return RemoteErrors.error(500, "WebApplicationException", cause.getClass().getSimpleName() + ": "
        + cause.getMessage());
  }

  private static void send(HttpExchange exchange, WebResponse response) {
    try (exchange) {
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Type", response.contentType());
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Cache-Control", "no-store");
      response.headers().forEach(headers::set);
      byte[] body = response.body();
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(response.status(), head || body.length == 0 ? -1 : body.length);
      if (!head && body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      LOG.debug("client went away before the answer was sent: {}", e.getMessage());
    }
  }

  private static byte[] body(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw WeftException.invalidArgument("request body exceeds the limit of " + MAX_BODY + " bytes");
    }
    return body;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }

  private static Map<String, String> match(String[] pattern, String[] actual) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("...}")) {
        params.put(p.substring(1, p.length() - 4), String.join("/", java.util.Arrays.copyOfRange(actual,
            Math.min(i, actual.length), actual.length)));
        return params;
      }
      if (i >= actual.length) {
        return null;
      }
      String value = decode(actual[i]);
      if (p.startsWith("{") && p.endsWith("}")) {
        params.put(p.substring(1, p.length() - 1), value);
      } else if (!p.equals(value)) {
        return null;
      }
    }
    return pattern.length == actual.length ? params : null;
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw WeftException.invalidArgument("'" + s + "' is not correctly URL-encoded");
    }
  }

}
