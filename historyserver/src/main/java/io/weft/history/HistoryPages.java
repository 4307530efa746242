package io.weft.history;

import io.weft.common.web.Html;
import io.weft.common.web.WebResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The history server's own pages: the listing of applications, and the banner over a rebuilt driver UI. */
final class HistoryPages {
  private HistoryPages() {}

  static WebResponse listing(List<ApplicationSummary> apps) {
    List<ApplicationSummary> completed = apps.stream().filter(ApplicationSummary::completed).toList();
    List<ApplicationSummary> incomplete = apps.stream().filter(a -> !a.completed()).toList();
    String body = "<h1 id=\"title\">Applications</h1><h2>Completed (" + completed.size() + ")</h2>"
        + table(completed, "Ended") + "<h2>Incomplete (" + incomplete.size() + ")</h2>"
        + "<p class=\"note\">Still running, or their driver died before it could close its event log.</p>"
        + table(incomplete, "Last updated");
    return WebResponse.html("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Weft history server</title><link rel=\"stylesheet\" href=\"/static/console.css\"></head><body>"
        + "<header><span class=\"brand\">Weft history server</span><nav><a href=\"/\" class=\"active\">"
        + "Applications</a><a href=\"/api/v1/applications\">REST</a></nav></header><main>" + body
        + "</main></body></html>");
  }

  private static String table(List<ApplicationSummary> apps, String endHeader) {
    if (apps.isEmpty()) {
      return "<p class=\"note\">None.</p>";
    }
    StringBuilder out = new StringBuilder("<table><thead><tr>");
    for (String h : List.of("Application", "Name", "User", "Started", endHeader, "Duration")) {
      out.append("<th>").append(Html.escape(h)).append("</th>");
    }
    out.append("</tr></thead><tbody>");
    for (ApplicationSummary a : apps) {
      String href = "/history/" + a.app() + "/";
      out.append("<tr><td><a href=\"").append(Html.escape(href)).append("\">").append(Html.escape(a.app()))
          .append("</a></td><td>").append(Html.escape(a.name())).append("</td><td>").append(Html.escape(a.user()))
          .append("</td><td>").append(time(a.start())).append("</td><td>").append(time(a.end()))
          .append("</td><td class=\"num\">").append(duration(a.durationMillis())).append("</td></tr>");
    }
    return out.append("</tbody></table>").toString();
  }

  /**
   * The driver UI's page as the history server shows it: a line saying whose history it is with a way back to
   * the listing, and, once the log is complete, without the live page's periodic reload.
   */
  static WebResponse framed(WebResponse page, LoadedApplication app) {
    if (!page.contentType().startsWith("text/html")) {
      return page;
    }
    String html = new String(page.body(), StandardCharsets.UTF_8);
    if (!app.truncated()) {
      html = html.replace("<meta http-equiv=\"refresh\" content=\"5\">", "");
    }
    String banner = "<p class=\"note\" id=\"history-banner\">History of " + Html.escape(app.summary().app()) + " ("
        + (app.truncated() ? "incomplete: the driver is still running or died; last updated "
            : "completed ") + time(app.summary().end()) + ")"
        + (app.droppedEvents() > 0 ? "; " + app.droppedEvents() + " events were dropped by the driver" : "")
        + ". <a href=\"/\">All applications</a></p>";
    html = html.replaceFirst("<main>", "<main>" + java.util.regex.Matcher.quoteReplacement(banner));
    return new WebResponse(page.status(), page.contentType(), html.getBytes(StandardCharsets.UTF_8),
        page.headers());
  }

  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String duration(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
  }
}
