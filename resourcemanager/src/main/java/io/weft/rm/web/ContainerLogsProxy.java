package io.weft.rm.web;

import static io.weft.rm.web.Futures.await;
import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.logstore.LogStores;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.AuthHeaders;
import io.weft.common.tls.TlsSettings;
import io.weft.common.web.Html;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.rm.auth.Caller;
import io.weft.rm.container.Allocation;
import io.weft.rm.core.RmCore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Container logs through the RM, for users who can reach only the RM: {@code /logs/{containerId}/{file}}
 * asks the container's NodeManager for the text ({@code /ws/v1/node/containerlogs/...}, YARN's
 * {@code start}/{@code end} byte offsets passed through, the last 4 KB when none are given) and shows
 * it escaped in the console's frame; {@code /logs/{containerId}} lists the files. Once the NM no longer has the
 * file (the container is gone and its logs aggregated, or the node is gone) or the RM no longer lists the
 * container, the page shows the copy in the aggregated log store ({@link AggregatedContainerLogs}) instead.
 * The NM's own pages ({@code /node/containerlogs/{id}/{user}/{file}}) stay as they are.
 */
final class ContainerLogsProxy {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String[] FILES = {"stdout", "stderr"};

  private final RmCore core;
  private final BiConsumer<WebRequest, ContainerId> requireView;
  private final Function<WebRequest, LogStores.Caller> onBehalfOf;
  private final String scheme;
  private final HttpClient http;
  private final Optional<AggregatedContainerLogs> aggregated;

  /**
   * {@code requireView} throws when the caller may not view the container's application; with {@code tls}
   * the NMs are reached over HTTPS, trusting the cluster's CAs and presenting the RM's certificate;
   * {@code onBehalfOf} is who the NMs and the store are asked as (they check the user too: without TLS the RM has no
   * certificate to be trusted by).
   */
  ContainerLogsProxy(RmCore core, TlsSettings tls, BiConsumer<WebRequest, ContainerId> requireView,
      Function<WebRequest, LogStores.Caller> onBehalfOf, Optional<AggregatedContainerLogs> aggregated) {
    this.onBehalfOf = requireNonNull(onBehalfOf);
    this.aggregated = requireNonNull(aggregated);
    this.core = requireNonNull(core);
    this.scheme = tls.scheme();
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
    this.http = (tls.enabled() ? builder.sslContext(tls.sslContext()) : builder).build();
    this.requireView = requireNonNull(requireView);
  }

  WebResponse listing(WebRequest r) {
    ContainerId id = containerId(r);
    Optional<Allocation> known = allocation(r, id);
    StringBuilder body = new StringBuilder("<ul>");
    for (String file : FILES) {
      body.append("<li><a href=\"").append(Html.escape(path(id) + "/" + file + asCaller(r, '?'))).append("\">").append(file).append("</a></li>");
    }
    body.append("</ul>");
    known.ifPresentOrElse(container -> body.append("<p class=\"note\">On its node: <a href=\"")
        .append(Html.escape(YarnJson.logsLink(scheme, container.nodeHttpAddress(), id, container.user(), null)))
        .append("\">").append(Html.escape(container.nodeHttpAddress())).append("</a></p>"),
        () -> body.append("<p class=\"note\">The ResourceManager no longer lists this container: its logs come "
            + "from the aggregated log store.</p>"));
    return WebResponse.html(ConsolePages.frame("Logs of " + id, "apps", body.toString(), ""));
  }

  WebResponse file(WebRequest r) {
    ContainerId id = containerId(r);
    String file = r.param("file");
    if (!file.matches("[A-Za-z0-9._-]+")) {
      throw WeftException.invalidArgument("log file name '" + file + "' may only hold letters, digits, '.', '_' and '-'");
    }
    Optional<Allocation> known = allocation(r, id);
    if (known.isEmpty()) {
      return fromStore(r, id, file, "the ResourceManager no longer lists " + id);
    }
    Allocation container = known.get();
    String start = r.query("start", null);
    String end = r.query("end", null);
    String query = (start == null ? "" : "start=" + r.queryLong("start", 0))
        + (end == null ? "" : (start == null ? "" : "&") + "end=" + r.queryLong("end", 0));
    LogStores.Caller caller = onBehalfOf.apply(r);
    if (!caller.user().equals(Caller.ANONYMOUS)) {
      // the NM's check with simple authentication and ACLs (ignored once users are proven)
      query += (query.isEmpty() ? "" : "&") + AppAccess.USER_PARAM + "="
          + java.net.URLEncoder.encode(caller.user(), StandardCharsets.UTF_8);
    }
    URI uri = URI.create(scheme + "://" + container.nodeHttpAddress() + "/ws/v1/node/containerlogs/" + id + "/" + file
        + (query.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    caller.bearerToken().ifPresent(t -> request.header("Authorization", AuthHeaders.BEARER + t));
    HttpResponse<byte[]> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      return fromStore(r, id, file, "the NodeManager " + container.nodeHttpAddress() + " holding the logs of " + id
          + " is not reachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw WeftException.unavailable("interrupted while reading the logs of " + id);
    }
    if (answer.statusCode() == 404 && aggregated.isPresent()) {
      return fromStore(r, id, file, "its NodeManager " + container.nodeHttpAddress() + " no longer has it");
    }
    if (answer.statusCode() != 200) {
      // the NM's RemoteException (404 no such log, 400 bad range) is passed on as it is
      return WebResponse.bytes(answer.statusCode(), answer.headers().firstValue("Content-Type")
          .orElse(WebResponse.TEXT), answer.body());
    }
    String range = answer.headers().firstValue("X-Log-Range").orElse("");
    String body = "<p class=\"note\" id=\"log-range\">Bytes " + Html.escape(range) + " (start–end/length)."
        + " <a id=\"full-log\" href=\"?start=0" + Html.escape(asCaller(r, '&')) + "\">Show the whole log</a>. <a href=\""
        + Html.escape(path(id) + asCaller(r, '?'))
        + "\">Other log files</a>. <a href=\"" + Html.escape(YarnJson.logsLink(scheme, container.nodeHttpAddress(), id,
        container.user(), file)) + "\">On its node</a>.</p><pre id=\"log\">"
        + Html.escape(new String(answer.body(), StandardCharsets.UTF_8)) + "</pre>";
    return WebResponse.html(ConsolePages.frame(file + " of " + id, "apps", body, ""))
        .withHeader("X-Log-Range", range);
  }

  /** The aggregated copy of the file, the last 4 KB unless start/end say otherwise; {@code why} the NM's is not read. */
  private WebResponse fromStore(WebRequest r, ContainerId id, String file, String why) {
    if (aggregated.isEmpty()) {
      throw WeftException.notFound(why + " (and log aggregation is off)");
    }
    boolean ranged = r.query("start", null) != null || r.query("end", null) != null;
    AggregatedContainerLogs.Slice s = aggregated.get().read(id, file, r.queryLong("start", ranged ? 0 : -4096),
        r.query("end", null) == null ? null : r.queryLong("end", 0), onBehalfOf.apply(r)).orElseThrow(() -> WeftException.notFound(
            why + ", and the aggregated log store has no " + file + " of " + id));
    String range = s.start() + "-" + s.end() + "/" + s.length();
    String body = "<p class=\"note\" id=\"log-range\">Bytes " + Html.escape(range) + " (start–end/length), from the "
        + "aggregated log store (node " + Html.escape(s.node()) + "). <a id=\"full-log\" href=\"?start=0"
        + Html.escape(asCaller(r, '&')) + "\">Show the whole log</a> (at most " + AggregatedContainerLogs.MAX_BYTES
        + " bytes). <a href=\"" + Html.escape(path(id) + asCaller(r, '?')) + "\">Other log files</a>.</p><pre id=\"log\">"
        + Html.escape(new String(s.bytes(), StandardCharsets.UTF_8)) + "</pre>";
    return WebResponse.html(ConsolePages.frame(file + " of " + id, "apps", body, ""))
        .withHeader("X-Log-Range", range).withHeader("X-Log-Source", "aggregated");
  }

  /** Who the caller said they are ({@code user.name}), carried on to the next page when ACLs ask for it. */
  private static String asCaller(WebRequest r, char separator) {
    String user = r.query(AppAccess.USER_PARAM, "");
    return user.isEmpty() ? "" : separator + AppAccess.USER_PARAM + "="
        + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8);
  }

  /** The RM's log URL of a container (what the console links to). */
  static String path(ContainerId id) {
    return "/logs/" + id;
  }

  /** The container as the RM lists it; empty when it no longer does (its logs may be in the store). */
  private Optional<Allocation> allocation(WebRequest r, ContainerId id) {
    requireView.accept(r, id);
    Optional<Allocation> known = await(core.containers(id.attemptId())).stream().map(c -> c.allocation())
        .filter(a -> a.containerId().equals(id)).findFirst();
    if (known.isEmpty() && aggregated.isEmpty()) {
      throw WeftException.notFound("container " + id + " is not known to the ResourceManager");
    }
    return known;
  }

  private static ContainerId containerId(WebRequest r) {
    String text = r.param("containerid");
    try {
      return ContainerId.parse(text);
    } catch (WeftException e) {
      throw WeftException.invalidArgument("Invalid ContainerId: " + text);
    }
  }
}
