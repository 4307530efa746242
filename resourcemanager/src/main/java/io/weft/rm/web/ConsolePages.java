package io.weft.rm.web;

import io.weft.common.web.Html;
import io.weft.common.web.WebAssets;
import io.weft.common.web.WebResponse;
import io.weft.common.web.WebServer;
import java.util.Map;

/**
 * The console's pages. Each is a small server-rendered frame (navigation, a stable bookmarkable URL)
 * whose content {@code /static/console.js} fills from the REST API and refreshes every two seconds.
 * The script builds the DOM with text nodes only, so user-supplied strings always show as text.
 */
final class ConsolePages {
  private static final Map<String, String> TABS = new java.util.LinkedHashMap<>();

  static {
    TABS.put("overview", "/cluster");
    TABS.put("apps", "/cluster/apps");
    TABS.put("nodes", "/cluster/nodes");
    TABS.put("scheduler", "/cluster/scheduler");
  }

  private ConsolePages() {}

  static void register(WebServer web) {
    web.get("/", r -> WebResponse.redirect("/cluster"))
        .get("/cluster", r -> page("Cluster overview", "overview", ""))
        .get("/cluster/apps", r -> page("Applications", "apps", ""))
        .get("/cluster/nodes", r -> page("Nodes", "nodes", ""))
        .get("/cluster/scheduler", r -> page("Scheduler", "scheduler", ""))
        .get("/cluster/app/{appid}", r -> page("Application " + ClusterWs.appId(r), "app",
            " data-app=\"" + Html.escape(ClusterWs.appId(r)) + "\""))
        .get("/static/{file}", r -> WebAssets.serve("/io/weft/rm/web/", r.param("file")));
  }

  private static WebResponse page(String title, String page, String extraAttributes) {
    return WebResponse.html(frame(title, page, "<div id=\"content\" data-page=\"" + page + "\"" + extraAttributes
        + "><p class=\"loading\">Loading…</p></div>", "<script src=\"/static/console.js\"></script>"));
  }

  /** The common frame: header with the navigation, the body, and optional trailing scripts. */
  static String frame(String title, String active, String body, String scripts) {
    StringBuilder nav = new StringBuilder();
    TABS.forEach((tab, href) -> nav.append("<a href=\"").append(href).append("\"")
        .append(tab.equals(active) ? " class=\"active\"" : "").append(">")
        .append(Character.toUpperCase(tab.charAt(0))).append(tab.substring(1)).append("</a>"));
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
        + " · Weft</title><link rel=\"stylesheet\" href=\"/static/console.css\"></head><body>"
        + "<header><span class=\"brand\">Weft ResourceManager</span><nav>" + nav + "</nav></header><main>"
        + "<h1 id=\"title\">" + Html.escape(title) + "</h1>" + body + "</main>" + scripts + "</body></html>";
  }
}
