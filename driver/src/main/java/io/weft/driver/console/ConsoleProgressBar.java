package io.weft.driver.console;

import static java.util.Objects.requireNonNull;

import io.weft.driver.status.DriverEvent;
import io.weft.driver.status.DriverListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spark's console progress line: one {@code [Stage 3:=====>        (41 + 4) / 100]} per active
 * stage attempt (tasks done + running / total), side by side, redrawn in place with {@code \r} at
 * most every {@link #REDRAW} when something changed, and wiped when no stage is active. Events only
 * update counters (they arrive under the scheduler's lock); a daemon thread draws.
 */
public final class ConsoleProgressBar implements DriverListener, AutoCloseable {
  static final Duration REDRAW = Duration.ofMillis(200);

  private static final class StageLine {
    final int stageId;
    final int total;
    int running;
    int done;

    StageLine(int stageId, int total) {
      this.stageId = stageId;
      this.total = total;
    }
  }

  private final PrintStream out;
  private final int width;
  private final Map<String, StageLine> active = new LinkedHashMap<>();
  private final Map<Long, String> taskStages = new HashMap<>();
  private final ScheduledExecutorService drawer;
  private boolean dirty;
  private int drawnLength;

  /** Draws on {@code out} (stderr) in lines of {@code width} columns until closed. */
  public ConsoleProgressBar(PrintStream out, int width) {
    this.out = requireNonNull(out);
    this.width = width;
    this.drawer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "console-progress");
      t.setDaemon(true);
      return t;
    });
    drawer.scheduleWithFixedDelay(this::redraw, REDRAW.toMillis(), REDRAW.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void onEvent(DriverEvent event) {
    if (event instanceof DriverEvent.StageSubmitted e) {
      active.put(key(e.stageId(), e.attempt()), new StageLine(e.stageId(), e.numTasks()));
    } else if (event instanceof DriverEvent.StageEnded e) {
      active.remove(key(e.stageId(), e.attempt()));
      taskStages.values().removeIf(k -> k.equals(key(e.stageId(), e.attempt())));
      if (active.isEmpty()) {
        redrawLocked(); // wipe at once, before the driver prints what the stage computed
      }
    } else if (event instanceof DriverEvent.TaskStarted e) {
      StageLine stage = active.get(key(e.stageId(), e.stageAttempt()));
      if (stage != null) {
        stage.running++;
        taskStages.put(e.taskId(), key(e.stageId(), e.stageAttempt()));
      }
    } else if (event instanceof DriverEvent.TaskEnded e) {
      String stageKey = taskStages.remove(e.taskId());
      StageLine stage = stageKey == null ? null : active.get(stageKey);
      if (stage != null) {
        stage.running--;
        if (e.error().isEmpty()) {
          stage.done++;
        }
      }
    } else {
      return;
    }
    dirty = true;
  }

  private synchronized void redraw() {
    redrawLocked();
  }

  private void redrawLocked() {
    if (!dirty) {
      return;
    }
    dirty = false;
    String line = line();
    if (line.isEmpty() && drawnLength == 0) {
      return;
    }
    // pad over what was drawn before, then come back to the start of the line
    String padding = " ".repeat(Math.max(0, drawnLength - line.length()));
    out.print("\r" + line + padding + (line.isEmpty() ? "\r" : ""));
    out.flush();
    drawnLength = line.length();
  }

  /** The whole line for the active stages, or empty when none is active. */
  String line() {
    if (active.isEmpty()) {
      return "";
    }
    int each = width / active.size();
    StringBuilder line = new StringBuilder();
    for (StageLine s : active.values()) {
      line.append(render(s.stageId, s.done, s.running, s.total, each));
    }
    return line.toString();
  }

  /** One stage in {@code columns} columns: {@code [Stage 3:=====>     (41 + 4) / 100]}. */
  static String render(int stageId, int done, int running, int total, int columns) {
    String header = "[Stage " + stageId + ":";
    String tail = "(" + done + " + " + running + ") / " + total + "]";
    int bar = columns - header.length() - tail.length();
    if (bar <= 0) {
      return header + tail;
    }
    int filled = total == 0 ? bar : (int) ((long) done * bar / total);
    StringBuilder out = new StringBuilder(header);
    for (int i = 0; i < bar; i++) {
      out.append(i < filled ? '=' : i == filled ? '>' : ' ');
    }
    return out.append(tail).toString();
  }

  private static String key(int stageId, int attempt) {
    return stageId + "." + attempt;
  }

  /** Stops drawing and wipes the line. */
  @Override
  public void close() {
    drawer.shutdownNow();
    synchronized (this) {
      active.clear();
      dirty = true;
      redrawLocked();
    }
  }
}
