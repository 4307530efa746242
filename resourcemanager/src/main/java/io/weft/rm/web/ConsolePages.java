package io.weft.rm.web;

import io.weft.common.web.Html;
import io.weft.common.web.WebAssets;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
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

  private final AppAccess access;
  /** What the footer says about security: how users are known, and whether the RM listens unprotected. */
  private final String securityNotice;

  ConsolePages(AppAccess access, String securityNotice) {
    this.access = access;
    this.securityNotice = securityNotice;
  }

  void register(RmRoutes web) {
    web.page("/", r -> WebResponse.redirect("/cluster"))
        .page("/cluster", r -> page(r, "Cluster overview", "overview", ""))
        .page("/cluster/apps", r -> page(r, "Applications", "apps", ""))
        .page("/cluster/nodes", r -> page(r, "Nodes", "nodes", ""))
        .page("/cluster/scheduler", r -> page(r, "Scheduler", "scheduler", ""))
        .page("/cluster/app/{appid}", r -> page(r, "Application " + ClusterWs.appId(r), "app",
            " data-app=\"" + Html.escape(ClusterWs.appId(r)) + "\""))
        .open("GET", "/static/{file}", r -> WebAssets.serve("/io/weft/rm/web/", r.param("file")));
  }

  /**
   * A console page. With a login session it carries the session's CSRF token (a meta tag the script
   * sends back on kills) and a logout button; its footer says how users are authenticated.
   */
  private WebResponse page(WebRequest r, String title, String page, String extraAttributes) {
    var session = access.sessions().of(r);
    String csrf = session.map(s -> "<meta name=\"weft-csrf\" content=\"" + Html.escape(s.csrf()) + "\">").orElse("");
    String who = session.map(s -> "<form method=\"post\" action=\"/logout\" class=\"logout\">Logged in as "
        + Html.escape(s.user()) + " <input type=\"hidden\" name=\"" + WebGuard.CSRF_FIELD + "\" value=\""
        + Html.escape(s.csrf()) + "\"><button type=\"submit\">Log out</button></form>").orElse("");
    return WebResponse.html(frame(title, page, csrf + "<div id=\"content\" data-page=\"" + page + "\""
        + extraAttributes + "><p class=\"loading\">Loading…</p></div>",
        "<footer id=\"security\">" + who + Html.escape(securityNotice) + "</footer>"
        + "<script src=\"/static/console.js\"></script>"));
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
