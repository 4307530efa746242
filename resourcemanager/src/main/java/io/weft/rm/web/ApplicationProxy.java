package io.weft.rm.web;

import static io.weft.rm.web.Futures.await;
import static java.util.Objects.requireNonNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.ApplicationCertificate;
import io.weft.common.tls.TlsSettings;
import io.weft.common.web.Html;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.rm.config.RmKeys;
import io.weft.rm.app.AppReport;
import io.weft.rm.core.RmCore;
import io.weft.rm.rpc.TrackingCertificates;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code /proxy/{appId}/...}: while the application runs and its AM registered a tracking URL, GETs
 * are forwarded there (the driver UI); with none yet, or once the application ended, the answer is a
 * page with the application's state, final status and diagnostics, except that a Weft driver's
 * application that ended is redirected to its page on the history server when the RM knows one. The path below the application
 * and the query go through, so a UI with relative links (the driver UI's) works behind it;
 * {@code /proxy/{appId}} redirects to {@code /proxy/{appId}/}.
 *
 * <p>An AM chooses its tracking URL, so the proxy trusts none of it: it forwards only below that
 * URL, only to a host {@link TrackingHosts} admits (at the address it checked), within the
 * {@link ProxySettings} timeouts (504) and size (502), with at most a few requests waiting at once
 * on its own client and threads (503 beyond). What it relays runs under the RM's origin, so its
 * {@link #CONTENT_POLICY} forbids scripts, frames and forms there, it carries no cookies, and a
 * redirect leaving the tracking URL is refused rather than relayed.
 */
final class ApplicationProxy implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  /**
   * What relayed pages may not do under the RM's origin: run scripts, embed frames, plugins or
   * workers, change the base URL or submit forms. (Not {@code sandbox}: it would also stop the meta
   * refresh the driver UI's pages reload by.)
   */
  static final String CONTENT_POLICY = "script-src 'none'; object-src 'none'; frame-src 'none'; "
      + "worker-src 'none'; base-uri 'none'; form-action 'none'";

  /** The application type of Weft's drivers (weft submit, either deploy mode), whose event logs the history server keeps. */
  static final String DRIVER_TYPE = "WEFT";

  private final RmCore core;
  private final AppAccess access;
  private final TrackingHosts hosts;
  private final TrackingCertificates certificates;
  private final ProxySettings settings;
  private final Semaphore inFlight;
  private final ExecutorService threads;
  private final HttpClient http;
  /** Asks the history server for an event log; over https it trusts the cluster's CA, as the RM's own clients do. */
  private final HttpClient history;
  /** One client per application certificate: each trusts exactly its application's driver UI. */
  private final Cache<X509Certificate, HttpClient> pinned = CacheBuilder.newBuilder().maximumSize(64).build();

  ApplicationProxy(RmCore core, AppAccess access, TrackingHosts hosts, TrackingCertificates certificates,
      ProxySettings settings, TlsSettings tls) {
    this.core = requireNonNull(core);
    this.access = requireNonNull(access);
    this.hosts = requireNonNull(hosts);
    this.certificates = requireNonNull(certificates);
    this.settings = requireNonNull(settings);
    this.inFlight = new Semaphore(settings.maxConcurrent());
    AtomicInteger count = new AtomicInteger();
    this.threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "rm-web-proxy-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.http = client().build();
    this.history = tls.enabled() ? client().sslContext(tls.sslContext()).build() : http;
  }

  private HttpClient.Builder client() {
    return HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).executor(threads)
        .followRedirects(HttpClient.Redirect.NEVER);
  }

  /** The client for {@code id}'s tracking URL: over https, one that trusts only the certificate its AM registered. */
  private HttpClient clientFor(ApplicationId id, URI url) {
    Optional<X509Certificate> certificate = "https".equals(url.getScheme()) ? certificates.of(id) : Optional.empty();
    if (certificate.isEmpty()) {
      return http;
    }
    try {
      return pinned.get(certificate.get(), () -> client().sslContext(ApplicationCertificate.trusting(certificate.get()))
          .build());
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Whether the history server has {@code id}'s event log: a driver that wrote none (event log off, a store the
   * history server does not read, a kill before it started) keeps its final state page here rather than a 404 there.
   */
  private boolean historyHas(ApplicationId id) {
    HttpRequest probe = HttpRequest.newBuilder(URI.create(settings.historyWebUrl() + "/api/v1/applications/" + id))
        .timeout(settings.connectTimeout()).GET().build();
    try {
      int status = history.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
      // 401 and 403: the history server has it but checks who asks (it will check the browser sent over, too)
      return status == 200 || status == 401 || status == 403;
    } catch (IOException e) {
      LOG.debug("cannot ask the history server at {} for {}: {}", settings.historyWebUrl(), id, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  WebResponse handle(WebRequest r) {
    ApplicationId id = ClusterWs.appId(r);
    AppReport app = await(core.report(id));
    access.requireView(r, app);
    if (r.param("path").isEmpty() && !r.path().endsWith("/")) {
      // relative links of the tracked UI resolve against /proxy/{appId}/, not /proxy/
      return WebResponse.redirect("/proxy/" + id + "/");
    }
    if (app.state().isFinal() && !settings.historyWebUrl().isEmpty() && DRIVER_TYPE.equals(app.type())
        && historyHas(id)) {
      // YARN's proxy sends a finished MapReduce job to its history server; a Weft driver's UI lives on there
      return WebResponse.redirect(settings.historyWebUrl() + "/history/" + id + "/" + belowBase(r.param("path"))
          + queryString(r));
    }
    String target = app.originalTrackingUrl();
    if (app.state().isFinal() || target == null || target.isBlank() || target.contains("/proxy/")) {
      return statePage(200, app, app.state().isFinal() ? "The application has ended; this is its final state."
          : "The application has not registered a tracking URL (yet).");
    }
    URI base;
    try {
      base = new URI(target.endsWith("/") ? target : target + "/");
    } catch (URISyntaxException e) {
      return statePage(502, app, "The application's tracking URL " + target + " is not a URL: " + e.getMessage());
    }
    if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
      return statePage(502, app, "The application's tracking URL " + target + " is not an http(s) URL with a host.");
    }
    TrackingHosts.Vetted vetted;
    try {
      vetted = hosts.vet(id, base.getHost());
    } catch (TrackingHosts.RefusedTarget e) {
      return statePage(502, app, "The proxy does not forward to " + target + ": " + e.getMessage() + ".");
    }
    if (!inFlight.tryAcquire()) {
      return statePage(503, app, "The proxy is busy: " + settings.maxConcurrent() + " requests are waiting on "
          + "tracking URLs (" + RmKeys.WEB_PROXY_MAX_CONCURRENT_REQUESTS.key() + "); try again.");
    }
    try {
      return forward(id, app, base, vetted, r);
    } finally {
      inFlight.release();
    }
  }

  private WebResponse forward(ApplicationId id, AppReport app, URI base, TrackingHosts.Vetted vetted, WebRequest r) {
    URI url;
    try {
      // "./" first: a first segment with a colon must not read as a scheme (another host)
      url = base.resolve(new URI("./" + belowBase(r.param("path")) + queryString(r)));
    } catch (URISyntaxException e) {
      throw WeftException.invalidArgument("path " + r.param("path") + " is not a valid URL path: " + e.getMessage());
    }
    if (!sameServer(base, url) || !url.getRawPath().startsWith(base.getRawPath())) {
      throw WeftException.invalidArgument("path " + r.param("path") + " leaves the tracking URL " + base);
    }
    HttpClient client = clientFor(id, url);
    URI connect = client == http ? atAddress(url, vetted) : atAddress(url, vetted, url.getScheme());
    CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(HttpRequest.newBuilder(connect)
        .timeout(settings.readTimeout()).GET().build(), LimitedBody.handler(settings.maxResponseBytes()));
    try {
      HttpResponse<byte[]> answer = call.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return relay(id, app, base, url, answer);
    } catch (TimeoutException e) {
      call.cancel(true);
      return readTimeout(app, url);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof LimitedBody.TooLarge) {
        return statePage(502, app, "The answer of " + url + " was cut: it exceeds the limit of "
            + settings.maxResponseBytes() + " bytes (" + RmKeys.WEB_PROXY_MAX_RESPONSE_BYTES.key() + ").");
      }
      if (cause instanceof HttpConnectTimeoutException) {
        return statePage(504, app, "The proxy could not connect to " + url + " within "
            + settings.connectTimeout().toMillis() + " ms (" + RmKeys.WEB_PROXY_CONNECT_TIMEOUT.key() + ").");
      }
      if (cause instanceof HttpTimeoutException) {
        return readTimeout(app, url);
      }
      LOG.debug("tracking URL {} of {} is not reachable: {}", url, id, String.valueOf(cause));
      return statePage(cause instanceof ConnectException ? 200 : 502, app,
          "The application's tracking URL " + url + " is not reachable: " + cause);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      return statePage(503, app, "interrupted");
    }
  }

  private WebResponse readTimeout(AppReport app, URI url) {
    return statePage(504, app, url + " did not answer within " + settings.readTimeout().toMillis() + " ms ("
        + RmKeys.WEB_PROXY_READ_TIMEOUT.key() + ").");
  }

  /** The tracked answer, without scripts; a redirect only when it stays below the tracking URL. */
  private WebResponse relay(ApplicationId id, AppReport app, URI base, URI url, HttpResponse<byte[]> answer) {
    String type = answer.headers().firstValue("Content-Type").orElse("application/octet-stream");
    WebResponse relayed = WebResponse.bytes(answer.statusCode(), type, answer.body())
        .withHeader("Content-Security-Policy", CONTENT_POLICY);
    if (answer.statusCode() / 100 != 3) {
      return relayed;
    }
    String location = answer.headers().firstValue("Location").orElse(null);
    if (location == null) {
      return relayed;
    }
    URI to;
    try {
      to = url.resolve(new URI(location));
    } catch (URISyntaxException e) {
      return statePage(502, app, "The tracking URL answered a redirect to a malformed location " + location + ".");
    }
    String basePath = base.getRawPath();
    if (!sameServer(base, to) || to.getRawPath() == null || !to.getRawPath().startsWith(basePath)) {
      return statePage(502, app, "The tracking URL redirected to " + to + ", outside the application's tracking "
          + "URL " + base + "; the proxy does not follow it.");
    }
    String below = to.getRawPath().substring(basePath.length()) + (to.getRawQuery() == null ? ""
        : "?" + to.getRawQuery());
    return new WebResponse(answer.statusCode(), type, new byte[0], Map.of("Location", "/proxy/" + id + "/" + below,
        "Content-Security-Policy", CONTENT_POLICY));
  }

  private static boolean sameServer(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost())) && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /**
   * {@code url} with its host replaced by the address that was checked, so the connection goes where
   * the check said (a second DNS answer could differ). HTTPS keeps the name: the certificate names it.
   */
  private static URI atAddress(URI url, TrackingHosts.Vetted vetted) {
    return "http".equals(url.getScheme()) ? atAddress(url, vetted, "http") : url;
  }

  /** As above for any scheme (https too, when the certificate is pinned rather than matched to a name). */
  private static URI atAddress(URI url, TrackingHosts.Vetted vetted, String scheme) {
    String literal = vetted.address() instanceof Inet6Address ? "[" + vetted.address().getHostAddress() + "]"
        : vetted.address().getHostAddress();
    return URI.create(scheme + "://" + literal + ":" + port(url) + url.getRawPath()
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
  }

  /** The path below the application as sent (still encoded), without dot segments: it cannot climb out. */
  private static String belowBase(String rawPath) {
    StringBuilder out = new StringBuilder();
    for (String segment : rawPath.split("/", -1)) {
      String plain = segment.replace("%2e", ".").replace("%2E", ".");
      if (plain.equals(".") || plain.equals("..")) {
        continue;
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(segment);
    }
    return out.toString();
  }

  /** The request's query, encoded again, for the tracked UI ({@code stage?id=3&attempt=0}). */
  private static String queryString(WebRequest r) {
    StringBuilder out = new StringBuilder();
    r.query().forEach((key, values) -> values.forEach(value -> out.append(out.length() == 0 ? '?' : '&')
        .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8))));
    return out.toString();
  }

  private static WebResponse statePage(int status, AppReport app, String note) {
    String body = "<p class=\"note\">" + Html.escape(note) + "</p><table class=\"kv\">"
        + row("Name", app.name()) + row("User", app.user()) + row("State", app.publicState())
        + row("Final status", app.finalStatus()) + row("Diagnostics", app.diagnostics())
        + "</table><p><a href=\"/cluster/app/" + Html.escape(app.id()) + "\">Open in the console</a></p>";
    WebResponse page = WebResponse.html(ConsolePages.frame("Application " + app.id(), "apps", body, ""));
    return new WebResponse(status, page.contentType(), page.body(), page.headers());
  }

  private static String row(String key, Object value) {
    return "<tr><th>" + Html.escape(key) + "</th><td>" + Html.escape(value == null ? "" : value) + "</td></tr>";
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
