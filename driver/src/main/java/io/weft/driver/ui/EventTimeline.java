package io.weft.driver.ui;

import io.weft.common.web.Html;
import io.weft.driver.status.AppStatusStore.ExecutorView;
import io.weft.driver.status.AppStatusStore.JobView;
import io.weft.driver.status.AppStatusStore.TaskView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's event timeline as inline SVG, drawn on the server: a row of jobs, then a row per
 * executor from when it was added to when it was removed (or now), with its tasks as bars inside
 * (green succeeded, red failed, blue running). Hovering any bar shows what it is (SVG titles, no script).
 */
final class EventTimeline {
  private static final int WIDTH = 1000;
  private static final int LABEL_WIDTH = 130;
  private static final int ROW_HEIGHT = 26;
  private static final int AXIS_HEIGHT = 22;
  private static final int LANE_HEIGHT = 10;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.S").withZone(ZoneOffset.UTC);

  private EventTimeline() {}

  /** Empty when nothing happened yet. */
  static String svg(List<JobView> jobs, List<ExecutorView> executors, List<TaskView> tasks, long now) {
    long start = Long.MAX_VALUE;
    long end = 0;
    for (JobView j : jobs) {
      start = Math.min(start, j.submissionTime());
      end = Math.max(end, j.completionTime() == 0 ? now : j.completionTime());
    }
    for (ExecutorView e : executors) {
      start = Math.min(start, e.addTime());
      end = Math.max(end, e.removeTime() == 0 ? now : e.removeTime());
    }
    if (start == Long.MAX_VALUE) {
      return "";
    }
    Scale x = new Scale(start, Math.max(end, start + 1));
    List<List<List<TaskView>>> lanesOf = new ArrayList<>();
    int height = AXIS_HEIGHT + ROW_HEIGHT + 4;
    for (ExecutorView e : executors) {
      List<List<TaskView>> lanes = lanes(tasksOf(tasks, e.id()), now);
      lanesOf.add(lanes);
      height += rowHeight(lanes.size());
    }
    StringBuilder out = new StringBuilder("<svg class=\"event-timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
        .append(height).append("\" role=\"img\" aria-label=\"Event timeline\" font-family=\"sans-serif\""
            + " font-size=\"12\">");
    axis(out, x);
    int y = AXIS_HEIGHT;
    label(out, y, "Jobs");
    for (JobView j : jobs) {
      String color = j.status().equals("FAILED") ? "#d9534f" : j.status().equals("RUNNING") ? "#5b9bd5" : "#7a9e7e";
      bar(out, "timeline-job", x.at(j.submissionTime()), x.at(j.completionTime() == 0 ? now : j.completionTime()),
          y + 4, ROW_HEIGHT - 8, color, "Job " + j.jobId() + " " + j.status() + ": " + j.name());
    }
    int rowTop = y + ROW_HEIGHT;
    for (int i = 0; i < executors.size(); i++) {
      ExecutorView e = executors.get(i);
      List<List<TaskView>> lanes = lanesOf.get(i);
      y = rowTop;
      rowTop += rowHeight(lanes.size());
      label(out, y, "Executor " + e.id());
      long removed = e.removeTime() == 0 ? now : e.removeTime();
      bar(out, "timeline-executor", x.at(e.addTime()), x.at(removed), y + ROW_HEIGHT / 2 - 1, 3, "#bbb",
          "Executor " + e.id() + " on " + e.host() + " added " + CLOCK.format(Instant.ofEpochMilli(e.addTime()))
              + (e.removeTime() == 0 ? "" : ", removed " + CLOCK.format(Instant.ofEpochMilli(e.removeTime())) + ": "
              + e.removeReason()));
      marker(out, x.at(e.addTime()), y, "#2e7d32", "added");
      if (e.removeTime() != 0) {
        marker(out, x.at(e.removeTime()), y, "#c62828", "removed: " + e.removeReason());
      }
      for (int lane = 0; lane < lanes.size(); lane++) {
        for (TaskView t : lanes.get(lane)) {
          task(out, x, t, now, y + 4 + lane * LANE_HEIGHT);
        }
      }
    }
    return out.append("</svg>").toString();
  }

  /** A task's bar, in its executor's row at {@code y}. */
  private static void task(StringBuilder out, Scale x, TaskView t, long now, int y) {
    long finish = t.status().equals("RUNNING") ? now : t.launchTime() + t.duration();
    String color = switch (t.status()) {
      case "SUCCESS" -> "#66bb6a";
      case "FAILED" -> "#ef5350";
      default -> "#42a5f5";
    };
    bar(out, "timeline-task", x.at(t.launchTime()), x.at(finish), y, LANE_HEIGHT - 2, color,
        "Task " + t.taskId() + " (stage " + t.stageId() + "." + t.stageAttemptId() + ", partition " + t.index()
            + ") " + t.status() + (t.status().equals("RUNNING") ? "" : ", " + t.duration() + " ms"));
  }

  /**
   * Tasks that ran side by side on one executor go in lanes one above the other, so none hides
   * another: each task takes the first lane free at its launch.
   */
  private static List<List<TaskView>> lanes(List<TaskView> tasks, long now) {
    List<List<TaskView>> lanes = new ArrayList<>();
    List<Long> freeFrom = new ArrayList<>();
    List<TaskView> byLaunch = new ArrayList<>(tasks);
    byLaunch.sort(java.util.Comparator.comparingLong(TaskView::launchTime));
    for (TaskView t : byLaunch) {
      long finish = t.status().equals("RUNNING") ? now : t.launchTime() + t.duration();
      int lane = 0;
      while (lane < lanes.size() && freeFrom.get(lane) > t.launchTime()) {
        lane++;
      }
      if (lane == lanes.size()) {
        lanes.add(new ArrayList<>());
        freeFrom.add(0L);
      }
      lanes.get(lane).add(t);
      freeFrom.set(lane, finish);
    }
    return lanes;
  }

  private static int rowHeight(int lanes) {
    return Math.max(ROW_HEIGHT, 8 + lanes * LANE_HEIGHT);
  }

  private static List<TaskView> tasksOf(List<TaskView> tasks, String executorId) {
    List<TaskView> mine = new ArrayList<>();
    tasks.stream().filter(t -> t.executorId().equals(executorId)).forEach(mine::add);
    return mine;
  }

  private static void axis(StringBuilder out, Scale x) {
    out.append("<line x1=\"").append(LABEL_WIDTH).append("\" y1=\"").append(AXIS_HEIGHT - 4).append("\" x2=\"")
        .append(WIDTH - 4).append("\" y2=\"").append(AXIS_HEIGHT - 4).append("\" stroke=\"#999\"/>");
    for (int i = 0; i <= 4; i++) {
      long at = x.start + (x.end - x.start) * i / 4;
      double px = x.at(at);
      out.append("<text x=\"").append(fmt(Math.min(px, WIDTH - 60))).append("\" y=\"").append(AXIS_HEIGHT - 8)
          .append("\" fill=\"#555\">").append(CLOCK.format(Instant.ofEpochMilli(at))).append("</text>");
    }
  }

  private static void label(StringBuilder out, int y, String text) {
    out.append("<text x=\"4\" y=\"").append(y + ROW_HEIGHT / 2 + 4).append("\" fill=\"#222\">")
        .append(Html.escape(text.length() > 18 ? text.substring(0, 17) + "…" : text)).append("</text>");
  }

  private static void bar(StringBuilder out, String kind, double from, double to, int y, int height, String color,
      String title) {
    out.append("<rect class=\"").append(kind).append("\" x=\"").append(fmt(from)).append("\" y=\"").append(y)
        .append("\" width=\"").append(fmt(Math.max(2, to - from))).append("\" height=\"").append(height)
        .append("\" fill=\"").append(color).append("\"><title>").append(Html.escape(title)).append("</title></rect>");
  }

  private static void marker(StringBuilder out, double at, int y, String color, String title) {
    out.append("<circle class=\"timeline-executor-event\" cx=\"").append(fmt(at)).append("\" cy=\"")
        .append(y + ROW_HEIGHT / 2).append("\" r=\"4\" fill=\"").append(color).append("\"><title>")
        .append(Html.escape(title)).append("</title></circle>");
  }

  private static String fmt(double value) {
    return String.format(java.util.Locale.ROOT, "%.1f", value);
  }

  /** Epoch milliseconds to x pixels right of the labels. */
  private record Scale(long start, long end) {
    double at(long millis) {
      return LABEL_WIDTH + (double) (millis - start) / (end - start) * (WIDTH - LABEL_WIDTH - 6);
    }
  }
}
