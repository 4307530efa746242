package io.weft.jobserver.server;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** One job on the server: its request, its state (moved only along {@link JobState}'s table), result and log. */
final class JobRecord {
  private static final Logger LOG = LogManager.getLogger();

  private final String id;
  private final JobRequest request;
  private final JobLog log;
  private final Instant submitted;
  private JobState state = JobState.QUEUED;
  private Instant started;
  private Instant ended;
  private Object result;
  private String error;
  private Future<?> future;
  /** Runs once when the job reaches a final state. */
  private Runnable onEnd = () -> { };

  JobRecord(String id, JobRequest request, int maxLogLines, Instant submitted) {
    this.id = requireNonNull(id);
    this.request = requireNonNull(request);
    this.log = new JobLog(maxLogLines);
    this.submitted = requireNonNull(submitted);
  }

  String id() {
    return id;
  }

  JobRequest request() {
    return request;
  }

  JobLog log() {
    return log;
  }

  synchronized JobState state() {
    return state;
  }

  /** {@code action} runs once the job has ended (at once if it has). */
  void whenEnded(Runnable action) {
    boolean ended;
    synchronized (this) {
      ended = state.isFinal();
      if (!ended) {
        onEnd = action;
      }
    }
    if (ended) {
      action.run();
    }
  }

  synchronized void future(Future<?> future) {
    this.future = future;
  }

  /** QUEUED to RUNNING; false when the job was cancelled while it waited. */
  synchronized boolean start(Instant now) {
    if (state == JobState.CANCELLED) {
      return false;
    }
    move(JobState.RUNNING);
    started = now;
    return true;
  }

  /** Ends a running job; a job cancelled while it ran stays CANCELLED (answers false). */
  synchronized boolean succeed(Object value, Instant now) {
    if (state == JobState.CANCELLED) {
      return false;
    }
    move(JobState.SUCCEEDED);
    result = value;
    ended = now;
    return true;
  }

  synchronized boolean fail(String message, Instant now) {
    if (state == JobState.CANCELLED) {
      return false;
    }
    move(JobState.FAILED);
    error = message;
    ended = now;
    return true;
  }

  /** Cancels a queued or running job (interrupting its thread); false when it had already ended. */
  boolean cancel(Instant now) {
    Future<?> toCancel;
    synchronized (this) {
      if (state.isFinal()) {
        return false;
      }
      move(JobState.CANCELLED);
      ended = now;
      error = "cancelled";
      toCancel = future;
    }
    if (toCancel != null) {
      toCancel.cancel(true);
    }
    return true;
  }

  private void move(JobState next) {
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException("job " + id + " cannot move from " + state + " to " + next);
    }
    LOG.info("job {} {} -> {}", id, state, next);
    state = next;
    if (next.isFinal()) {
      Runnable end = onEnd;
      onEnd = () -> { };
      end.run();
    }
  }

  /** The job as the API shows it; {@code withOutcome} false leaves out its result and error (another user's job). */
  synchronized Map<String, Object> view(boolean withOutcome) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", id);
    view.put("state", state.name());
    view.put("user", request.user());
    view.put("className", request.className());
    view.put("isolated", request.isolated());
    view.put("submitted", submitted.toString());
    view.put("started", started == null ? null : started.toString());
    view.put("ended", ended == null ? null : ended.toString());
    if (withOutcome) {
      view.put("result", result);
      view.put("error", error);
    }
    return view;
  }
}
