package io.weft.rm.web;

import static io.weft.rm.web.Futures.await;
import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.web.Html;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.rm.app.AppReport;
import io.weft.rm.core.RmCore;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code /proxy/{appId}/...}: while the application runs and its AM registered a tracking URL, GETs
 * are forwarded there (the driver UI); otherwise (none yet, unreachable, or the application ended)
 * the answer is a page with the application's state, final status and diagnostics, never an error.
 * The path below the application and the query go through unchanged, so a UI with relative links
 * (the driver UI's) works behind it; {@code /proxy/{appId}} redirects to {@code /proxy/{appId}/}.
 */
final class ApplicationProxy {
  private static final Logger LOG = LogManager.getLogger();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final RmCore core;
  private final AppAccess access;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();

  ApplicationProxy(RmCore core, AppAccess access) {
    this.core = requireNonNull(core);
    this.access = requireNonNull(access);
  }

  WebResponse handle(WebRequest r) {
    ApplicationId id = ClusterWs.appId(r);
    AppReport app = await(core.report(id));
    access.requireView(r, app);
    if (r.param("path").isEmpty() && !r.path().endsWith("/")) {
      // relative links of the tracked UI resolve against /proxy/{appId}/, not /proxy/
      return WebResponse.redirect("/proxy/" + id + "/");
    }
    String target = app.originalTrackingUrl();
    if (!app.state().isFinal() && target != null && target.matches("https?://.+") && !target.contains("/proxy/")) {
      String rest = r.param("path");
      String url = (target.endsWith("/") ? target + rest : target + (rest.isEmpty() ? "" : "/" + rest))
          + queryString(r);
      try {
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET()
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        String type = answer.headers().firstValue("Content-Type").orElse("application/octet-stream");
        return WebResponse.bytes(answer.statusCode(), type, answer.body());
      } catch (java.io.IOException | IllegalArgumentException e) {
        LOG.debug("tracking URL {} of {} is not reachable: {}", url, id, e.getMessage());
        return statePage(app, "The application's tracking URL " + target + " is not reachable: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return statePage(app, "interrupted");
      }
    }
    return statePage(app, app.state().isFinal() ? "The application has ended; this is its final state."
        : "The application has not registered a tracking URL (yet).");
  }

  /** The request's query, encoded again, for the tracked UI ({@code stage?id=3&attempt=0}). */
  private static String queryString(WebRequest r) {
    StringBuilder out = new StringBuilder();
    r.query().forEach((key, values) -> values.forEach(value -> out.append(out.length() == 0 ? '?' : '&')
        .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8))));
    return out.toString();
  }

  private static WebResponse statePage(AppReport app, String note) {
    String body = "<p class=\"note\">" + Html.escape(note) + "</p><table class=\"kv\">"
        + row("Name", app.name()) + row("User", app.user()) + row("State", app.state())
        + row("Final status", app.finalStatus()) + row("Diagnostics", app.diagnostics())
        + "</table><p><a href=\"/cluster/app/" + Html.escape(app.id()) + "\">Open in the console</a></p>";
    return WebResponse.html(ConsolePages.frame("Application " + app.id(), "apps", body, ""));
  }

  private static String row(String key, Object value) {
    return "<tr><th>" + Html.escape(key) + "</th><td>" + Html.escape(value == null ? "" : value) + "</td></tr>";
  }
}
