package io.weft.driver.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The driver's running picture of itself, built from {@link DriverEvent}s: jobs, stage attempts,
 * tasks and executors, as immutable views for the UI and its JSON API. Memory stays bounded: only
 * the latest {@code retainedJobs} jobs and {@code retainedStages} stage attempts are kept, and per
 * stage attempt the latest {@link #TASKS_PER_STAGE} tasks (its counters still count every task).
 */
public final class AppStatusStore implements DriverListener {
  public static final int TASKS_PER_STAGE = 1000;

  /** Spark's field names where they fit, so its users read the JSON at once. */
  public record JobView(int jobId, String name, String status, long submissionTime, long completionTime,
      List<String> stageIds, int numTasks, int numActiveTasks, int numCompletedTasks, int numFailedTasks,
      String errorMessage) {}

  /**
   * {@code name} is the stage's kind, {@code description} what it computes, {@code parentIds} the
   * stages that wrote the shuffles it reads (its edges in the job's DAG).
   */
  public record StageView(int stageId, int attemptId, int jobId, String name, String status, int numTasks,
      int numActiveTasks, int numCompleteTasks, int numFailedTasks, long shuffleReadBytes, long shuffleWriteBytes,
      long submissionTime, long completionTime, String failureReason, String description, List<Integer> parentIds) {}

  /** {@code metrics} are what the executor measured (zero while it runs, or when its executor was lost). */
  public record TaskView(long taskId, int stageId, int stageAttemptId, int index, int attempt, String executorId,
      String host, String status, long launchTime, long duration, String errorMessage,
      DriverEvent.TaskMetrics metrics) {}

  /** One task metric over a stage attempt's succeeded tasks: min, 25th percentile, median, 75th, max. */
  public record MetricQuantiles(String metric, long min, long p25, long median, long p75, long max) {}

  /** The distribution of each task metric over {@code tasks} succeeded tasks (the retained ones). */
  public record TaskSummary(int tasks, List<MetricQuantiles> metrics) {}

  /** A node the application's executors are kept off until {@code until}, and why (Spark's excluded node). */
  public record ExcludedNodeView(String nodeId, String until, String reason) {}

  public record ExecutorView(String id, String host, int totalCores, String logUrl, boolean isActive,
      int activeTasks, int completedTasks, int failedTasks, int totalTasks, long addTime, long removeTime,
      String removeReason) {}

  private final int retainedJobs;
  private final int retainedStages;
  private final Map<Integer, Job> jobs = new LinkedHashMap<>();
  private final Map<String, Stage> stages = new LinkedHashMap<>();
  private final Map<Long, Task> runningTasks = new LinkedHashMap<>();
  private final Map<String, Executor> executors = new LinkedHashMap<>();
  private Map<String, String> environment = Map.of();
  private List<ExcludedNodeView> excludedNodes = List.of();

  public AppStatusStore(int retainedJobs, int retainedStages) {
    if (retainedJobs < 1 || retainedStages < 1) {
      throw new IllegalArgumentException("retained jobs (" + retainedJobs + ") and stages (" + retainedStages
          + ") must be positive");
    }
    this.retainedJobs = retainedJobs;
    this.retainedStages = retainedStages;
  }

  @Override
  public synchronized void onEvent(DriverEvent event) {
    long at = event.time().toEpochMilli();
    if (event instanceof DriverEvent.JobStarted e) {
      jobs.put(e.jobId(), new Job(e.jobId(), e.description(), at));
      evict(jobs, retainedJobs);
    } else if (event instanceof DriverEvent.JobEnded e) {
      Job job = jobs.get(e.jobId());
      if (job != null) {
        job.completionTime = at;
        job.error = e.error();
      }
    } else if (event instanceof DriverEvent.StageSubmitted e) {
      Stage stage = new Stage(e, at);
      stages.put(stage.key(), stage);
      evict(stages, retainedStages);
      Job job = jobs.get(e.jobId());
      if (job != null) {
        job.stageKeys.add(stage.key());
      }
    } else if (event instanceof DriverEvent.StageEnded e) {
      Stage stage = stages.get(key(e.stageId(), e.attempt()));
      if (stage != null) {
        stage.completionTime = at;
        stage.shuffleWriteBytes = e.shuffleWriteBytes();
        stage.error = e.error();
      }
    } else if (event instanceof DriverEvent.TaskStarted e) {
      taskStarted(e, at);
    } else if (event instanceof DriverEvent.TaskEnded e) {
      taskEnded(e, at);
    } else if (event instanceof DriverEvent.ExecutorAdded e) {
      executors.put(e.executorId(), new Executor(e, at));
    } else if (event instanceof DriverEvent.ExecutorRemoved e) {
      Executor executor = executors.get(e.executorId());
      if (executor != null) {
        executor.removeTime = at;
        executor.removeReason = e.reason();
      }
    }
  }

  /** The nodes excluded for the application now (the AM's exclusions, oldest first). */
  public synchronized void excludedNodes(List<ExcludedNodeView> nodes) {
    this.excludedNodes = List.copyOf(nodes);
  }

  public synchronized List<ExcludedNodeView> excludedNodes() {
    return excludedNodes;
  }

  /** The configuration shown on the environment page (already redacted by the caller). */
  public synchronized void environment(Map<String, String> redacted) {
    this.environment = Map.copyOf(redacted);
  }

  public synchronized Map<String, String> environment() {
    return new TreeMap<>(environment);
  }

  /** Newest first. */
  public synchronized List<JobView> jobs() {
    List<JobView> out = new ArrayList<>();
    jobs.values().forEach(j -> out.add(0, j.view()));
    return out;
  }

  public synchronized Optional<JobView> job(int jobId) {
    return Optional.ofNullable(jobs.get(jobId)).map(Job::view);
  }

  /** Newest first; {@code jobId} < 0 = every job's. */
  public synchronized List<StageView> stages(int jobId) {
    List<StageView> out = new ArrayList<>();
    stages.values().stream().filter(s -> jobId < 0 || s.jobId == jobId).forEach(s -> out.add(0, s.view()));
    return out;
  }

  public synchronized Optional<StageView> stage(int stageId, int attempt) {
    return Optional.ofNullable(stages.get(key(stageId, attempt))).map(Stage::view);
  }

  /** The retained tasks of a stage attempt, by task id; empty when the stage is unknown. */
  public synchronized List<TaskView> tasks(int stageId, int attempt) {
    Stage stage = stages.get(key(stageId, attempt));
    if (stage == null) {
      return List.of();
    }
    return stage.tasks.values().stream().sorted(Comparator.comparingLong(t -> t.taskId)).map(this::view).toList();
  }

  /**
   * The quantiles of duration, GC time, shuffle read and write bytes and records read and written
   * over the retained succeeded tasks of a stage attempt; empty when the stage is unknown.
   */
  public synchronized Optional<TaskSummary> taskSummary(int stageId, int attempt) {
    Stage stage = stages.get(key(stageId, attempt));
    if (stage == null) {
      return Optional.empty();
    }
    List<Task> done = stage.tasks.values().stream().filter(t -> t.finishTime != 0 && t.error.isEmpty()).toList();
    List<MetricQuantiles> metrics = List.of(
        TaskQuantiles.of("duration", done.stream().mapToLong(t -> t.finishTime - t.launchTime)),
        TaskQuantiles.of("gcTime", done.stream().mapToLong(t -> t.metrics.gcTimeMs())),
        TaskQuantiles.of("shuffleReadBytes", done.stream().mapToLong(t -> t.metrics.shuffleReadBytes())),
        TaskQuantiles.of("shuffleWriteBytes", done.stream().mapToLong(t -> t.metrics.shuffleWriteBytes())),
        TaskQuantiles.of("recordsRead", done.stream().mapToLong(t -> t.metrics.recordsRead())),
        TaskQuantiles.of("recordsWritten", done.stream().mapToLong(t -> t.metrics.recordsWritten())));
    return Optional.of(new TaskSummary(done.size(), metrics));
  }

  /** The latest {@code limit} retained tasks of every stage, by task id (for the event timeline). */
  public synchronized List<TaskView> recentTasks(int limit) {
    List<Task> all = new ArrayList<>();
    stages.values().forEach(s -> all.addAll(s.tasks.values()));
    all.sort(Comparator.comparingLong(t -> t.taskId));
    return all.subList(Math.max(0, all.size() - limit), all.size()).stream().map(this::view).toList();
  }

  public synchronized List<ExecutorView> executors() {
    return executors.values().stream().map(Executor::view).toList();
  }

  private void taskStarted(DriverEvent.TaskStarted e, long at) {
    Task task = new Task(e, at);
    runningTasks.put(e.taskId(), task);
    Stage stage = stages.get(key(e.stageId(), e.stageAttempt()));
    if (stage != null) {
      stage.active++;
      stage.tasks.put(e.taskId(), task);
      evict(stage.tasks, TASKS_PER_STAGE);
      Job job = jobs.get(stage.jobId);
      if (job != null) {
        job.active++;
      }
    }
    Executor executor = executors.get(e.executorId());
    if (executor != null) {
      executor.active++;
    }
  }

  private void taskEnded(DriverEvent.TaskEnded e, long at) {
    Task task = runningTasks.remove(e.taskId());
    if (task == null) {
      return;
    }
    task.finishTime = at;
    task.error = e.error();
    task.metrics = e.metrics();
    boolean failed = !e.error().isEmpty();
    Stage stage = stages.get(key(task.stageId, task.stageAttempt));
    if (stage != null) {
      stage.active--;
      if (failed) {
        stage.failed++;
      } else {
        stage.completed++;
      }
      Job job = jobs.get(stage.jobId);
      if (job != null) {
        job.active--;
        if (failed) {
          job.failed++;
        } else {
          job.completed++;
        }
      }
    }
    Executor executor = executors.get(task.executorId);
    if (executor != null) {
      executor.active--;
      if (failed) {
        executor.failed++;
      } else {
        executor.completed++;
      }
    }
  }

  private TaskView view(Task t) {
    Executor executor = executors.get(t.executorId);
    String status = t.finishTime == 0 ? "RUNNING" : t.error.isEmpty() ? "SUCCESS" : "FAILED";
    return new TaskView(t.taskId, t.stageId, t.stageAttempt, t.partition, t.attempt, t.executorId,
        executor == null ? "" : executor.host, status, t.launchTime, t.finishTime == 0 ? 0 : t.finishTime - t.launchTime,
        t.error, t.metrics);
  }

  private static String key(int stageId, int attempt) {
    return stageId + "." + attempt;
  }

  private static <K, V> void evict(Map<K, V> map, int keep) {
    var it = map.entrySet().iterator();
    while (map.size() > keep && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  private final class Job {
    final int jobId;
    final String description;
    final long submissionTime;
    final List<String> stageKeys = new ArrayList<>();
    long completionTime;
    String error = "";
    int active;
    int completed;
    int failed;

    Job(int jobId, String description, long submissionTime) {
      this.jobId = jobId;
      this.description = description;
      this.submissionTime = submissionTime;
    }

    JobView view() {
      String status = completionTime == 0 ? "RUNNING" : error.isEmpty() ? "SUCCEEDED" : "FAILED";
      int tasks = stageKeys.stream().map(stages::get).filter(java.util.Objects::nonNull).mapToInt(s -> s.numTasks)
          .sum();
      return new JobView(jobId, description, status, submissionTime, completionTime, List.copyOf(stageKeys), tasks,
          active, completed, failed, error);
    }
  }

  private static final class Stage {
    final int stageId;
    final int attempt;
    final int jobId;
    final String kind;
    final int numTasks;
    final long shuffleReadBytes;
    final long submissionTime;
    final String description;
    final List<Integer> parentIds;
    final Map<Long, Task> tasks = new LinkedHashMap<>();
    long shuffleWriteBytes;
    long completionTime;
    String error = "";
    int active;
    int completed;
    int failed;

    Stage(DriverEvent.StageSubmitted e, long at) {
      this.stageId = e.stageId();
      this.attempt = e.attempt();
      this.jobId = e.jobId();
      this.kind = e.kind();
      this.numTasks = e.numTasks();
      this.shuffleReadBytes = e.shuffleReadBytes();
      this.submissionTime = at;
      this.description = e.name();
      this.parentIds = e.parentStageIds();
    }

    String key() {
      return AppStatusStore.key(stageId, attempt);
    }

    StageView view() {
      String status = completionTime == 0 ? "ACTIVE" : error.isEmpty() ? "COMPLETE" : "FAILED";
      return new StageView(stageId, attempt, jobId, kind, status, numTasks, active, completed, failed,
          shuffleReadBytes, shuffleWriteBytes, submissionTime, completionTime, error, description, parentIds);
    }
  }

  private static final class Task {
    final long taskId;
    final int stageId;
    final int stageAttempt;
    final int partition;
    final int attempt;
    final String executorId;
    final long launchTime;
    long finishTime;
    String error = "";
    DriverEvent.TaskMetrics metrics = DriverEvent.TaskMetrics.NONE;

    Task(DriverEvent.TaskStarted e, long at) {
      this.taskId = e.taskId();
      this.stageId = e.stageId();
      this.stageAttempt = e.stageAttempt();
      this.partition = e.partition();
      this.attempt = e.attempt();
      this.executorId = e.executorId();
      this.launchTime = at;
    }
  }

  private static final class Executor {
    final String id;
    final String host;
    final int cores;
    final String logUrl;
    final long addTime;
    long removeTime;
    String removeReason = "";
    int active;
    int completed;
    int failed;

    Executor(DriverEvent.ExecutorAdded e, long at) {
      this.id = e.executorId();
      this.host = e.host();
      this.cores = e.cores();
      this.logUrl = e.logUrl();
      this.addTime = at;
    }

    ExecutorView view() {
      return new ExecutorView(id, host, cores, logUrl, removeTime == 0, active, completed, failed,
          active + completed + failed, addTime, removeTime, removeReason);
    }
  }
}
