package io.weft.driver.ui;

import io.weft.common.rpc.WeftException;
import io.weft.common.web.Html;
import io.weft.common.web.WebResponse;
import io.weft.driver.status.AppStatusStore;
import io.weft.driver.status.AppStatusStore.ExecutorView;
import io.weft.driver.status.AppStatusStore.JobView;
import io.weft.driver.status.AppStatusStore.StageView;
import io.weft.driver.status.AppStatusStore.TaskView;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * The driver UI's pages, rendered on the server from the status store with every value escaped.
 * Links are relative so that they work behind the RM's proxy; pages refresh themselves every few
 * seconds while the driver runs.
 */
final class DriverPages {
  private static final String[][] TABS = {{"jobs", "Jobs"}, {"stages", "Stages"}, {"executors", "Executors"},
      {"environment", "Environment"}};

  /** Tasks drawn on the event timeline: the latest ones, so a long application's page stays light. */
  static final int TIMELINE_TASKS = 1000;
  private static final java.util.Map<String, String> METRIC_NAMES = java.util.Map.of("duration", "Duration",
      "gcTime", "GC time", "shuffleReadBytes", "Shuffle read", "shuffleWriteBytes", "Shuffle write",
      "recordsRead", "Records read", "recordsWritten", "Records written");

  private final AppStatusStore store;
  private final Supplier<String> application;

  DriverPages(AppStatusStore store, Supplier<String> application) {
    this.store = store;
    this.application = application;
  }

  /** The jobs, and the event timeline of jobs, executors and their latest tasks. */
  WebResponse jobs() {
    List<JobView> jobs = store.jobs();
    String timeline = EventTimeline.svg(jobs, store.executors(), store.recentTasks(TIMELINE_TASKS),
        System.currentTimeMillis());
    return page("Jobs", "jobs", jobTable(jobs) + (timeline.isEmpty() ? "" : "<h2>Event timeline</h2>"
        + "<p class=\"note\">Jobs, executors from added to removed, and the latest " + TIMELINE_TASKS
        + " tasks on them; hover for details.</p><div class=\"timeline\">" + timeline + "</div>"));
  }

  WebResponse job(int jobId) {
    JobView job = store.job(jobId).orElseThrow(() -> WeftException.notFound("unknown job " + jobId));
    String body = "<table class=\"kv\">" + kv("Description", job.name()) + kv("Status", job.status())
        + kv("Submitted", time(job.submissionTime())) + kv("Duration", duration(job.submissionTime(),
        job.completionTime())) + kv("Error", job.errorMessage()) + "</table>";
    List<StageView> stages = store.stages(jobId);
    String dag = StageDag.svg(stages);
    if (!dag.isEmpty()) {
      body += "<h2>DAG</h2><p class=\"note\">Each box is a stage; an arrow is a shuffle the stage on its right"
          + " reads. Dashed: a stage of an earlier job whose outputs this job reused.</p><div class=\"dag\">" + dag
          + "</div>";
    }
    body += "<h2>Stages</h2>" + stageTable(stages);
    return page("Job " + jobId, "jobs", body);
  }

  WebResponse stages() {
    return page("Stages", "stages", stageTable(store.stages(-1)));
  }

  WebResponse stage(int stageId, int attempt) {
    StageView s = store.stage(stageId, attempt).orElseThrow(() -> WeftException.notFound("unknown stage "
        + stageId + " attempt " + attempt));
    String body = "<table class=\"kv\">" + kv("Job", s.jobId()) + kv("Kind", s.name()) + kv("Status", s.status())
        + kv("Tasks", s.numCompleteTasks() + " done, " + s.numActiveTasks() + " running, " + s.numFailedTasks()
        + " failed of " + s.numTasks()) + kv("Shuffle read", bytes(s.shuffleReadBytes()))
        + kv("Shuffle write", bytes(s.shuffleWriteBytes())) + kv("Failure", s.failureReason()) + "</table>"
        + store.taskSummary(stageId, attempt).map(DriverPages::summaryTable).orElse("")
        + "<h2>Tasks</h2>" + taskTable(store.tasks(stageId, attempt));
    return page("Stage " + stageId + " (attempt " + attempt + ")", "stages", body);
  }

  WebResponse executors() {
    StringBuilder rows = new StringBuilder();
    for (ExecutorView e : store.executors()) {
      String logs = e.logUrl().isEmpty() ? "" : link(e.logUrl() + "/stdout", "stdout") + " "
          + link(e.logUrl() + "/stderr", "stderr");
      rows.append("<tr>").append(td(e.id())).append(td(e.host())).append(num(e.totalCores()))
          .append(state(e.isActive() ? "ACTIVE" : "REMOVED")).append(num(e.activeTasks()))
          .append(num(e.completedTasks())).append(num(e.failedTasks())).append(num(e.totalTasks()))
          .append("<td>").append(logs).append("</td>").append(td(time(e.addTime()))).append(td(time(e.removeTime())))
          .append(td(e.removeReason())).append("</tr>");
    }
    StringBuilder excluded = new StringBuilder();
    for (AppStatusStore.ExcludedNodeView n : store.excludedNodes()) {
      excluded.append("<tr>").append(td(n.nodeId())).append(td(n.until())).append(td(n.reason())).append("</tr>");
    }
    return page("Executors", "executors", table(List.of("Executor", "Host", "Cores", "Status", "Active tasks",
        "Completed tasks", "Failed tasks", "Total tasks", "Logs", "Added", "Removed", "Removed because"), rows)
        + (excluded.isEmpty() ? "" : "<h2>Excluded nodes</h2>" + table(List.of("Node", "Excluded until", "Why"),
            excluded)));
  }

  WebResponse environment() {
    StringBuilder rows = new StringBuilder();
    store.environment().forEach((k, v) -> rows.append("<tr>").append(td(k)).append(td(v)).append("</tr>"));
    return page("Environment", "environment", "<h2>Weft properties</h2>" + table(List.of("Name", "Value"), rows));
  }

  private String jobTable(List<JobView> jobs) {
    StringBuilder rows = new StringBuilder();
    for (JobView j : jobs) {
      rows.append("<tr><td>").append(link("job?id=" + j.jobId(), String.valueOf(j.jobId()))).append("</td>")
          .append(td(j.name())).append(state(j.status())).append(td(time(j.submissionTime())))
          .append(td(duration(j.submissionTime(), j.completionTime()))).append(num(j.stageIds().size()))
          .append("<td>").append(progress(j.numCompletedTasks(), j.numTasks())).append("</td>")
          .append(num(j.numActiveTasks())).append(num(j.numFailedTasks())).append(td(j.errorMessage()))
          .append("</tr>");
    }
    return table(List.of("Job", "Description", "Status", "Submitted", "Duration", "Stages", "Tasks done",
        "Running", "Failed", "Error"), rows);
  }

  private String stageTable(List<StageView> stages) {
    StringBuilder rows = new StringBuilder();
    for (StageView s : stages) {
      String id = s.stageId() + "." + s.attemptId();
      rows.append("<tr><td>").append(link("stage?id=" + s.stageId() + "&attempt=" + s.attemptId(), id))
          .append("</td><td>").append(link("job?id=" + s.jobId(), String.valueOf(s.jobId()))).append("</td>")
          .append(td(s.name())).append(state(s.status())).append(td(time(s.submissionTime())))
          .append(td(duration(s.submissionTime(), s.completionTime()))).append("<td>")
          .append(progress(s.numCompleteTasks(), s.numTasks())).append("</td>").append(num(s.numActiveTasks()))
          .append(num(s.numFailedTasks())).append(td(bytes(s.shuffleReadBytes())))
          .append(td(bytes(s.shuffleWriteBytes()))).append(td(s.failureReason())).append("</tr>");
    }
    return table(List.of("Stage", "Job", "Kind", "Status", "Submitted", "Duration", "Tasks done", "Running",
        "Failed", "Shuffle read", "Shuffle write", "Failure reason"), rows);
  }

  /** Spark's summary metrics: each task metric's min, quartiles and max over the succeeded tasks. */
  private static String summaryTable(AppStatusStore.TaskSummary summary) {
    StringBuilder rows = new StringBuilder();
    for (AppStatusStore.MetricQuantiles m : summary.metrics()) {
      boolean isBytes = m.metric().endsWith("Bytes");
      boolean isTime = m.metric().equals("duration") || m.metric().equals("gcTime");
      rows.append("<tr data-metric=\"").append(m.metric()).append("\">").append(td(METRIC_NAMES.get(m.metric())));
      for (long v : new long[] {m.min(), m.p25(), m.median(), m.p75(), m.max()}) {
        rows.append("<td class=\"num\">").append(Html.escape(isBytes ? bytes(v) : isTime ? millis(v)
            : String.valueOf(v))).append("</td>");
      }
      rows.append("</tr>");
    }
    return "<h2>Summary metrics of " + summary.tasks() + " succeeded task(s)</h2>" + (summary.tasks() == 0
        ? "<p class=\"note\">None yet.</p>" : "<table class=\"quantiles\"><thead><tr><th>Metric</th><th>Min</th>"
        + "<th>25th percentile</th><th>Median</th><th>75th percentile</th><th>Max</th></tr></thead><tbody>" + rows
        + "</tbody></table>");
  }

  private String taskTable(List<TaskView> tasks) {
    StringBuilder rows = new StringBuilder();
    for (TaskView t : tasks) {
      rows.append("<tr>").append(num(t.taskId())).append(num(t.index())).append(num(t.attempt()))
          .append(td(t.executorId())).append(td(t.host())).append(state(t.status()))
          .append(td(time(t.launchTime()))).append(td(t.status().equals("RUNNING") ? ""
              : millis(t.duration()))).append(td(millis(t.metrics().gcTimeMs())))
          .append(td(bytes(t.metrics().shuffleReadBytes()))).append(td(bytes(t.metrics().shuffleWriteBytes())))
          .append(num(t.metrics().recordsRead())).append(num(t.metrics().recordsWritten()))
          .append("<td class=\"diag\">").append(Html.escape(t.errorMessage())).append("</td></tr>");
    }
    return table(List.of("Task", "Partition", "Attempt", "Executor", "Host", "Status", "Launched", "Duration",
        "GC time", "Shuffle read", "Shuffle write", "Records read", "Records written", "Error"), rows);
  }

  private WebResponse page(String title, String active, String body) {
    StringBuilder nav = new StringBuilder();
    for (String[] tab : TABS) {
      nav.append("<a href=\"").append(tab[0]).append("\"").append(tab[0].equals(active) ? " class=\"active\"" : "")
          .append(">").append(tab[1]).append("</a>");
    }
    return WebResponse.html("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta http-equiv=\"refresh\" content=\"5\"><title>" + Html.escape(title) + " · "
        + Html.escape(application.get()) + " · Weft driver</title>"
        + "<link rel=\"stylesheet\" href=\"static/console.css\"></head><body><header><span class=\"brand\">"
        + "Weft driver · " + Html.escape(application.get()) + "</span><nav>" + nav + "</nav></header><main>"
        + "<h1 id=\"title\">" + Html.escape(title) + "</h1>" + body + "</main></body></html>");
  }

  private static String table(List<String> headers, CharSequence rows) {
    StringBuilder out = new StringBuilder("<table><thead><tr>");
    headers.forEach(h -> out.append("<th>").append(Html.escape(h)).append("</th>"));
    out.append("</tr></thead><tbody>").append(rows).append("</tbody></table>");
    if (rows.length() == 0) {
      out.append("<p class=\"note\">None yet.</p>");
    }
    return out.toString();
  }

  private static String kv(String key, Object value) {
    return "<tr><th>" + Html.escape(key) + "</th><td>" + Html.escape(value) + "</td></tr>";
  }

  private static String td(Object value) {
    return "<td>" + Html.escape(value) + "</td>";
  }

  private static String num(long value) {
    return "<td class=\"num\">" + value + "</td>";
  }

  private static String state(String state) {
    return "<td class=\"state-" + Html.escape(state) + "\">" + Html.escape(state) + "</td>";
  }

  private static String link(String href, String text) {
    return "<a href=\"" + Html.escape(href) + "\">" + Html.escape(text) + "</a>";
  }

  private static String progress(int done, int total) {
    int percent = total == 0 ? 0 : (int) Math.round(100.0 * done / total);
    return "<div class=\"bar\"><div class=\"fill\" style=\"width:" + percent + "%\"></div><span>" + done + "/"
        + total + "</span></div>";
  }

  private static String time(long epochMillis) {
    return epochMillis == 0 ? "" : Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String duration(long start, long end) {
    return millis((end == 0 ? System.currentTimeMillis() : end) - start);
  }

  private static String millis(long ms) {
    return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
