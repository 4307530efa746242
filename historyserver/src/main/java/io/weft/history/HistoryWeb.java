package io.weft.history;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import io.weft.common.web.WebAssets;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.common.web.WebServer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history server's web routes. A finished application's driver UI is at {@code /history/<appId>/} with the
 * live UI's paths below it ({@code jobs}, {@code stage?id=..}, {@code executors}, {@code environment},
 * {@code api/v1/...}); the REST API has Spark's history server's shape: {@code /api/v1/applications} and
 * {@code /api/v1/applications/<appId>/<the live UI's api/v1 path>}, answering the same JSON as the live UI.
 */
final class HistoryWeb {
  /** Where a finished application's UI is, below the history server's web address. */
  static final String UI_PREFIX = "/history/";

  private final EventLogCatalog catalog;
  private final ApplicationCache cache;
  private final WebViewers viewers;

  HistoryWeb(EventLogCatalog catalog, ApplicationCache cache, WebViewers viewers) {
    this.catalog = requireNonNull(catalog);
    this.cache = requireNonNull(cache);
    this.viewers = requireNonNull(viewers);
  }

  void register(WebServer web) {
    web.get("/", r -> HistoryPages.listing(visible(r)))
        .get("/static/{file}", r -> WebAssets.serve("/io/weft/driver/ui/", r.param("file")))
        .get("/history/{appId}/{path...}", this::ui)
        .get("/api/v1/applications", r -> WebResponse.json(applications(r, r.query("status", ""))))
        .get("/api/v1/applications/{appId}", r -> WebResponse.json(json(viewable(r).summary())))
        .get("/api/v1/applications/{appId}/{path...}", this::api);
  }

  private WebResponse ui(WebRequest r) throws Exception {
    if (r.param("path").isEmpty() && !r.path().endsWith("/")) {
      // the UI's relative links resolve against /history/<appId>/
      return WebResponse.redirect(UI_PREFIX + appId(r) + "/");
    }
    LoadedApplication app = viewable(r);
    String path = "/" + r.param("path");
    WebResponse page = app.ui().handle(r, path).orElseThrow(() -> WeftException.notFound("no page " + path
        + " in the driver UI of " + app.summary().app()));
    return HistoryPages.framed(page, app);
  }

  private WebResponse api(WebRequest r) throws Exception {
    LoadedApplication app = viewable(r);
    String path = "/api/v1/" + r.param("path");
    return app.ui().handle(r, path).orElseThrow(() -> WeftException.notFound("no resource " + r.path()
        + " (the driver UI's API has jobs, stages, executors, environment and excludedNodes)"));
  }

  /** The application of the request's path, if its caller may see it (403 otherwise). */
  private LoadedApplication viewable(WebRequest r) throws IOException {
    ApplicationId app = appId(r);
    // checked before the event log is replayed: a caller who may not see it must not cost a replay either
    catalog.summary(app).ifPresent(summary -> viewers.requireView(r, summary));
    return cache.get(app);
  }

  /**
   * The applications the caller may see. Unlike the RM's lists, which show others' applications without details,
   * a finished application's name and user are all this listing has, so the others are left out.
   */
  private List<ApplicationSummary> visible(WebRequest r) throws IOException {
    WebViewers.Viewer viewer = viewers.viewer(r);
    return catalog.applications().stream().filter(a -> viewers.mayView(viewer, a)).toList();
  }

  private List<Map<String, Object>> applications(WebRequest r, String status) throws IOException {
    if (!status.isEmpty() && !status.equals("completed") && !status.equals("running")) {
      throw WeftException.invalidArgument("status '" + status + "' is neither completed nor running");
    }
    return visible(r).stream()
        .filter(a -> status.isEmpty() || a.completed() == status.equals("completed"))
        .map(HistoryWeb::json).toList();
  }

  /** Spark's ApplicationInfo: one attempt, times as text and epoch milliseconds. */
  static Map<String, Object> json(ApplicationSummary a) {
    Map<String, Object> attempt = new LinkedHashMap<>();
    attempt.put("startTime", a.start().toString());
    attempt.put("endTime", a.completed() ? a.end().toString() : "");
    attempt.put("lastUpdated", a.log().modified().toString());
    attempt.put("duration", a.completed() ? a.durationMillis() : 0);
    attempt.put("user", a.user());
    attempt.put("completed", a.completed());
    attempt.put("startTimeEpoch", a.start().toEpochMilli());
    attempt.put("endTimeEpoch", a.completed() ? a.end().toEpochMilli() : -1);
    attempt.put("lastUpdatedEpoch", a.log().modified().toEpochMilli());
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("id", a.app().toString());
    app.put("name", a.name());
    app.put("attempts", List.of(attempt));
    return app;
  }

  private static ApplicationId appId(WebRequest r) {
    return ApplicationId.parse(r.param("appId"));
  }
}
