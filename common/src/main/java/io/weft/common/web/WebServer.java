package io.weft.common.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.ServerAddress;
import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.lifecycle.Niceness;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.TlsSettings;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * A small embedded HTTP server on Jetty's core (no servlets): routes
 * ({@code GET /ws/v1/cluster/apps/{appid}}) to handlers. The socket is bound at construction, so the
 * real port (for port 0) is known before {@link #start()}, when requests begin to be served. A
 * {@link WeftException} from a handler becomes YARN's RemoteException JSON; anything else a 500
 * that names the error.
 *
 * <p>A stalled client costs no thread: Jetty reads and writes without blocking, closes a connection
 * idle for {@link WebTimeouts#idle()}, and this server closes one that has not sent a whole request
 * head within {@link WebTimeouts#requestRead()}. Handlers run on a bounded pool of their own once the
 * request (with its body) has arrived; routes added with {@link #getSlow} (proxying, big files) run on
 * a second pool, so slow work cannot take every thread from the console's quick pages. A full pool
 * answers 503 rather than queueing without end.
 */
public final class WebServer implements Lifecycle, Routes {
  private static final Logger LOG = LogManager.getLogger();
  private static final int MAX_BODY = 1024 * 1024;
  /** Jetty's own threads only accept, select and parse; handlers never run on them. */
  private static final int IO_THREADS = 6;
  private static final int QUEUED_REQUESTS = 256;

  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    WebResponse handle(WebRequest request) throws Exception;
  }

  /** {@code maxBodyKey}: the setting that sets {@code maxBody}, named when a body is too big (empty: none). */
  private record Route(String method, String[] segments, Handler handler, boolean slow, long maxBody,
      String maxBodyKey) {}

  private record Match(Route route, Map<String, String> params) {}

  private final String name;
  private final String scheme;
  private final Server server;
  private final ServerConnector connector;
  /** The host others are told to dial (set once, at bind); the connector's own host may be a wildcard. */
  private String advertisedHost;
  private final ExecutorService handlers;
  private final ExecutorService slowWork;
  /** Open connections that have delivered a request head (the others are dropped at the read timeout). */
  private final Set<Connection> heard = ConcurrentHashMap.newKeySet();
  private final List<Route> routes = new ArrayList<>();
  private boolean started;
  private boolean closed;
  /** The niceness request handlers raise their thread to when it starts (0 = as the process's). */
  private volatile int handlerNiceness;
  /** Whether request handlers put their thread under SCHED_IDLE when it starts. */
  private volatile boolean handlersIdle;

  private WebServer(String name, int threads, WebTimeouts timeouts, Optional<SSLContext> tls) {
    this.name = name;
    QueuedThreadPool io = new QueuedThreadPool(IO_THREADS, 2);
    io.setName(name + "-web-io");
    io.setDaemon(true);
    io.setReservedThreads(0);
    // daemon threads throughout, as the JDK server's pool was: a web server never keeps a JVM alive
    server = new Server(io, new ScheduledExecutorScheduler(name + "-web-timer", true), null);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // Paths reach the routes as sent: they decode and refuse what they do not know themselves.
    http.setUriCompliance(UriCompliance.LEGACY);
    this.scheme = tls.isPresent() ? "https" : "http";
    connector = tls.isPresent()
        ? new ServerConnector(server, 1, 1, new SslConnectionFactory(jettyTls(tls.get()),
            HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(withTls(http)))
        : new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setIdleTimeout(timeouts.idle().toMillis());
    connector.setAcceptQueueSize(64);
    connector.addEventListener(new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        connector.getScheduler().schedule(() -> dropIfSilent(connection), timeouts.requestRead().toMillis(),
            TimeUnit.MILLISECONDS);
      }

      @Override
      public void onClosed(Connection connection) {
        heard.remove(connection);
      }
    });
    server.addConnector(connector);
    server.setHandler(new Dispatcher());
    server.setStopTimeout(0);
    handlers = pool(name + "-web-", threads);
    slowWork = pool(name + "-web-slow-", Math.max(2, threads / 2));
  }

  /** Binds {@code address} (port 0 = ephemeral) with the default timeouts; serves nothing until {@link #start()}. */
  public static WebServer bind(String name, HostPort address, int threads) {
    return bind(name, address, threads, WebTimeouts.DEFAULT);
  }

  /** Binds {@code address} (port 0 = ephemeral); serves nothing until {@link #start()}. */
  public static WebServer bind(String name, HostPort address, int threads, WebTimeouts timeouts) {
    return bind(name, address, threads, timeouts, TlsSettings.OFF);
  }

  /**
   * Binds {@code address} (port 0 = ephemeral), speaking HTTPS when {@code tls} is enabled (asking
   * for, not requiring, a client certificate); serves nothing until {@link #start()}.
   */
  public static WebServer bind(String name, HostPort address, int threads, WebTimeouts timeouts, TlsSettings tls) {
    return bind(name, address, threads, timeouts, tls.enabled() ? Optional.of(tls.sslContext()) : Optional.empty());
  }

  /**
   * Binds {@code address} (port 0 = ephemeral), speaking HTTPS with {@code tls} when present (its key
   * managers present this server's certificate; a client certificate is asked for, not required).
   */
  public static WebServer bind(String name, HostPort address, int threads, WebTimeouts timeouts,
      Optional<SSLContext> tls) {
    return bind(name, ServerAddress.exactly(address), threads, timeouts, tls);
  }

  /** As {@link #bind(String, HostPort, int, WebTimeouts, TlsSettings)}, advertising {@code address}'s advertised host. */
  public static WebServer bind(String name, ServerAddress address, int threads, WebTimeouts timeouts,
      TlsSettings tls) {
    return bind(name, address, threads, timeouts, tls.enabled() ? Optional.of(tls.sslContext()) : Optional.empty());
  }

  private static WebServer bind(String name, ServerAddress address, int threads, WebTimeouts timeouts,
      Optional<SSLContext> tls) {
    WebServer web = new WebServer(requireNonNull(name), threads, requireNonNull(timeouts), requireNonNull(tls));
    web.advertisedHost = address.advertisedHost();
    web.connector.setHost(address.bind().host());
    web.connector.setPort(address.bind().port());
    try {
      web.connector.open();
    } catch (IOException e) {
      web.close();
      throw WeftException.unavailable(name + " web server cannot bind " + address.bind() + ": " + e.getMessage());
    }
    return web;
  }

  private static SslContextFactory.Server jettyTls(SSLContext tls) {
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setSslContext(tls);
    factory.setWantClientAuth(true);
    return factory;
  }

  private static HttpConfiguration withTls(HttpConfiguration http) {
    HttpConfiguration secure = new HttpConfiguration(http);
    // Hosts are often reached by address (127.0.0.1); the certificate names them, SNI cannot.
    secure.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
    return secure;
  }

  /** Handler threads, each at the handlers' CPU priority from its start. */
  private ExecutorService pool(String prefix, int threads) {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUED_REQUESTS), r -> {
          Thread t = new Thread(() -> {
            String why = "the " + prefix + "* threads";
            if (handlerNiceness > 0) {
              Niceness.raiseCurrentThreadTo(handlerNiceness, why);
            }
            if (handlersIdle) {
              Niceness.idleCurrentThread(why);
            }
            r.run();
          }, prefix + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Runs request handlers at Linux niceness {@code nice} (0..19; 0 = as the process): while the process's other
   * threads want the CPU, the handlers get what they leave, and all of it otherwise. Call before {@link #start()}.
   */
  public synchronized WebServer handlersAtNiceness(int nice) {
    Niceness.requireValid(nice);
    if (started) {
      throw new IllegalStateException(name + " web server has started; its handlers' niceness is set before");
    }
    handlerNiceness = nice;
    return this;
  }

  /**
   * Runs request handlers under Linux's {@code SCHED_IDLE} policy as well: any other thread that wakes takes the CPU
   * from a handler at once, where at a niceness alone it may wait for the handler's slice to end. Call before
   * {@link #start()}.
   */
  public synchronized WebServer handlersUnderIdlePolicy() {
    if (started) {
      throw new IllegalStateException(name + " web server has started; its handlers' policy is set before");
    }
    handlersIdle = true;
    return this;
  }

  /** Adds a route; path segments written {@code {name}} match one segment, a final {@code {name...}} the rest. */
  public synchronized WebServer route(String method, String path, Handler handler) {
    routes.add(new Route(method, split(path), requireNonNull(handler), false, MAX_BODY, ""));
    return this;
  }

  /**
   * A route whose requests may carry a body of up to {@code maxBodyBytes} instead of the usual 1 MB (an
   * upload, such as a job server's jar); the body is held in memory, so keep the limit a configured one, and name
   * its key in {@code maxBodyKey} for the error a bigger body gets.
   */
  public synchronized WebServer route(String method, String path, long maxBodyBytes, String maxBodyKey,
      Handler handler) {
    if (maxBodyBytes < 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("body limit " + maxBodyBytes + " of " + path + " must be between 0 and "
          + (Integer.MAX_VALUE - 8) + " bytes");
    }
    routes.add(new Route(method, split(path), requireNonNull(handler), false, maxBodyBytes,
        requireNonNull(maxBodyKey)));
    return this;
  }

  @Override
  public WebServer get(String path, Handler handler) {
    return route("GET", path, handler);
  }

  /**
   * Replaces every route with those {@code register} adds, atomically: a request is matched against
   * the old routes or the new ones, never an empty table (a server whose pages change meaning while it
   * keeps its port, e.g. a standby ResourceManager that becomes active).
   */
  public synchronized WebServer replaceRoutes(java.util.function.Consumer<WebServer> register) {
    routes.clear();
    register.accept(this);
    return this;
  }

  /** A GET route whose handler may take long (proxying, reading big files): it runs on the slow-work pool. */
  public synchronized WebServer getSlow(String path, Handler handler) {
    routes.add(new Route("GET", split(path), requireNonNull(handler), true, MAX_BODY, ""));
    return this;
  }

  /** {@code https} when this server speaks TLS, else {@code http}. */
  public String scheme() {
    return scheme;
  }

  /** The address others dial: the advertised host and the real port (when bound with port 0). */
  public HostPort address() {
    return new HostPort(advertisedHost, connector.getLocalPort());
  }

  /** The address the server listens on (its host may be a wildcard); the real port when bound with port 0. */
  public HostPort boundAddress() {
    String host = connector.getHost();
    return new HostPort(host == null ? "0.0.0.0" : host, connector.getLocalPort());
  }

  @Override
  public synchronized void start() {
    if (started || closed) {
      return;
    }
    started = true;
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw WeftException.unavailable(name + " web server cannot start on " + address() + ": " + e.getMessage());
    }
    LOG.info("{} web server on {}://{}/", name, scheme, address());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("{} web server did not stop cleanly: {}", name, e.toString());
    }
    connector.close();
    handlers.shutdownNow();
    slowWork.shutdownNow();
  }

  private void dropIfSilent(Connection connection) {
    if (!heard.contains(connection) && connection.getEndPoint().isOpen()) {
      LOG.debug("{} web server drops {}: no whole request within the read timeout", name,
          connection.getEndPoint().getRemoteSocketAddress());
      connection.getEndPoint().close();
    }
  }

  /** Jetty's entry: routes on its thread, then reads the body and answers without blocking it. */
  private final class Dispatcher extends org.eclipse.jetty.server.Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      heard.add(request.getConnectionMetaData().getConnection());
      String method = request.getMethod();
      Match match;
      try {
        match = match(method, request.getHttpURI().getPath());
      } catch (Throwable t) {
        send(method, response, callback, failure(t));
        return true;
      }
      if (match.route() == null) {
        send(method, response, callback, notRouted(method, request.getHttpURI().getPath(), match.params() != null));
        return true;
      }
      long declared = request.getLength();
      long maxBody = match.route().maxBody();
      String limit = maxBody + " bytes" + (match.route().maxBodyKey().isEmpty() ? ""
          : " (" + match.route().maxBodyKey() + ")");
      if (declared > maxBody) {
        send(method, response, callback, RemoteErrors.of(WeftException.invalidArgument(
            "request body of " + declared + " bytes exceeds the limit of " + limit)));
        return true;
      }
      Content.Source.asByteArrayAsync(request, (int) maxBody).whenComplete((body, unread) -> {
        if (unread != null) {
          // a body sent without a length that grew past the limit, or a client that went away
          LOG.debug("{} web server could not read a request body: {}", name, unread.toString());
          send(method, response, callback, RemoteErrors.of(WeftException.invalidArgument(
              "request body exceeds the limit of " + limit)));
          return;
        }
        ExecutorService pool = match.route().slow() ? slowWork : handlers;
        try {
          pool.execute(() -> send(method, response, callback, answer(match, request, body)));
        } catch (RejectedExecutionException e) {
          send(method, response, callback, RemoteErrors.error(503, "ServiceUnavailableException",
              name + " web server is busy: " + QUEUED_REQUESTS + " requests are waiting; try again"));
        }
      });
      return true;
    }
  }

  /** The route for {@code method} on {@code path}; with no route, params non-null when the path alone matched. */
  private Match match(String method, String path) {
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
        return new Match(route, params);
      }
    }
    return new Match(null, pathKnown ? Map.of() : null);
  }

  private static WebResponse notRouted(String method, String path, boolean pathKnown) {
    if (pathKnown) {
      return RemoteErrors.error(405, "WebApplicationException", "method " + method + " is not allowed on " + path);
    }
    return RemoteErrors.error(404, "NotFoundException", "no resource at " + path);
  }

  private static WebResponse answer(Match match, Request request, byte[] body) {
    try {
      WebRequest web = new WebRequest(request.getMethod(), request.getHttpURI().getPath(), match.params(),
          query(request.getHttpURI().getQuery()), body, headers(request), peerCertificates(request));
      return match.route().handler().handle(web);
    } catch (Throwable t) {
      return failure(t);
    }
  }

  private static Map<String, List<String>> headers(Request request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (org.eclipse.jetty.http.HttpField field : request.getHeaders()) {
      headers.computeIfAbsent(field.getName(), n -> new ArrayList<>()).add(field.getValue());
    }
    return headers;
  }

  /** The client's certificate chain when the connection is TLS and the client presented one. */
  private static List<java.security.cert.X509Certificate> peerCertificates(Request request) {
    org.eclipse.jetty.io.EndPoint.SslSessionData ssl = request.getConnectionMetaData().getConnection().getEndPoint()
        .getSslSessionData();
    java.security.cert.X509Certificate[] chain = ssl == null ? null : ssl.peerCertificates();
    return chain == null ? List.of() : List.of(chain);
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

  private static void send(String method, Response response, Callback callback, WebResponse answer) {
    response.setStatus(answer.status());
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    answer.headers().forEach(headers::put);
    byte[] body = answer.body();
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    boolean head = method.equals("HEAD");
    response.write(true, head || body.length == 0 ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(body), callback);
  }

  static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }

  /** The path parameters when {@code actual} matches {@code pattern}, else null. */
  static Map<String, String> match(String[] pattern, String[] actual) {
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
