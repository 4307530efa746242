package io.weft.jobserver.server;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import io.weft.driver.IsolatedClasses;
import io.weft.driver.WeftContext;
import io.weft.driver.idle.DriverActivity;
import io.weft.jobserver.Job;
import io.weft.jobserver.JobContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Queues submitted jobs and runs them, {@code maxConcurrent} at a time in FIFO order, on the one shared
 * {@link WeftContext}. An isolated job runs in {@link IsolatedClasses} of its own jar, closed when it ends (its
 * classes gone from the driver and the executors); a non-isolated job's jar joins the server's shared classes.
 * A job that throws, or whose class cannot be made, ends FAILED with the error; the server serves on.
 */
final class JobServer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  /** The local property naming a job's FAIR scheduling pool (the driver's SchedulingMode.POOL_PROPERTY). */
  static final String POOL_PROPERTY = "weft.scheduler.pool";

  /** The job server's settings, validated. */
  record Settings(int maxConcurrentJobs, int maxQueuedJobs, long maxJarBytes, int retainedJobs, int maxLogLines) {}

  private final WeftContext weft;
  private final ServerClassLoader shared;
  private final Settings settings;
  private final Clock clock;
  private final ThreadPoolExecutor runners;
  private final AtomicInteger nextId = new AtomicInteger();
  /** Submission order; finished jobs past {@code retainedJobs} are forgotten, oldest first. */
  private final Map<String, JobRecord> jobs = new LinkedHashMap<>();

  JobServer(WeftContext weft, ServerClassLoader shared, Settings settings, Clock clock) {
    this.weft = requireNonNull(weft);
    this.shared = requireNonNull(shared);
    this.settings = requireNonNull(settings);
    this.clock = requireNonNull(clock);
    AtomicInteger threads = new AtomicInteger();
    this.runners = new ThreadPoolExecutor(settings.maxConcurrentJobs(), settings.maxConcurrentJobs(), 0,
        TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.maxQueuedJobs()), r -> {
          Thread t = new Thread(r, "jobserver-job-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  Settings settings() {
    return settings;
  }

  /** Queues {@code request}; RESOURCE_EXHAUSTED when {@code maxQueuedJobs} wait already. */
  JobRecord submit(JobRequest request) {
    JobRecord job = new JobRecord("job-" + nextId.incrementAndGet(), request, settings.maxLogLines(),
        clock.instant());
    // queued or running, the job keeps the driver from idle shutdown (weft.driver.idleTimeout) until it ends
    DriverActivity.Lease busy;
    try {
      busy = weft.holdAlive();
    } catch (IllegalStateException stopped) { // the context stopped for idleness: the application is ending
      throw WeftException.failedPrecondition(stopped.getMessage());
    }
    job.whenEnded(busy::close);
    synchronized (this) {
      jobs.put(job.id(), job);
      forgetOldFinished();
      try {
        job.future(runners.submit(() -> run(job)));
      } catch (RejectedExecutionException e) {
        jobs.remove(job.id());
        busy.close();
        throw WeftException.resourceExhausted("the job queue is full: " + settings.maxQueuedJobs()
            + " jobs wait already (weft.jobserver.maxQueuedJobs); try again when one has started");
      }
    }
    LOG.info("job {} queued: {} of {}{}", job.id(), request.className(), request.user(),
        request.isolated() ? " (isolated)" : "");
    return job;
  }

  synchronized Optional<JobRecord> job(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  synchronized List<JobRecord> jobs() {
    return List.copyOf(jobs.values());
  }

  /** How many jobs are in each state now. */
  synchronized Map<JobState, Integer> counts() {
    Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
    for (JobState state : JobState.values()) {
      counts.put(state, 0);
    }
    jobs.values().forEach(job -> counts.merge(job.state(), 1, Integer::sum));
    return counts;
  }

  /**
   * Cancels a queued job (it never starts) or a running one: its thread is interrupted, so the job's action in
   * progress stops waiting and throws; tasks already on executors finish (Weft cannot kill tasks yet).
   */
  JobRecord cancel(String id) {
    JobRecord job = job(id).orElseThrow(() -> WeftException.notFound("unknown job " + id));
    if (!job.cancel(clock.instant())) {
      throw WeftException.failedPrecondition("job " + id + " has already ended " + job.state());
    }
    return job;
  }

  private void forgetOldFinished() {
    long finished = jobs.values().stream().filter(j -> j.state().isFinal()).count();
    Iterator<JobRecord> oldest = jobs.values().iterator();
    while (finished > settings.retainedJobs() && oldest.hasNext()) {
      if (oldest.next().state().isFinal()) {
        oldest.remove();
        finished--;
      }
    }
  }

  private void run(JobRecord job) {
    if (!job.start(clock.instant())) {
      return;
    }
    OutputCapture.capture(job.log(), () -> {
      try {
        Object result = job.request().isolated() ? runIsolated(job) : runShared(job);
        if (job.succeed(reportable(result), clock.instant())) {
          LOG.info("job {} succeeded", job.id());
        }
      } catch (Throwable t) { // a job's Error fails the job, not the server
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
          throw (VirtualMachineError) t;
        }
        Throwable cause = unwrap(t);
        stackOf(cause).lines().forEach(job.log()::line);
        if (job.fail(describe(cause), clock.instant())) {
          LOG.info("job {} failed: {}", job.id(), describe(cause));
        }
      }
    });
  }

  private Object runIsolated(JobRecord job) throws Exception {
    List<Path> jars = job.request().jar().map(List::of).orElse(List.of());
    try (IsolatedClasses classes = weft.isolatedClasses(job.id(), jars)) {
      return classes.call(() -> invoke(Class.forName(job.request().className(), true, classes.loader()), job));
    } finally {
      jars.forEach(JobSubmissions::deleteQuietly);
    }
  }

  private Object runShared(JobRecord job) throws Exception {
    Optional<Path> jar = job.request().jar();
    if (jar.isPresent()) {
      synchronized (shared) {
        shared.addJar(jar.get());
        weft.addJar(jar.get().toString());
      }
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(shared);
    try {
      return invoke(Class.forName(job.request().className(), true, shared), job);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private Object invoke(Class<?> entry, JobRecord record) throws Exception {
    enterPool(record);
    try {
      if (Job.class.isAssignableFrom(entry)) {
        Job<?> job = (Job<?>) entry.getDeclaredConstructor().newInstance();
        return job.run(context(record));
      }
      entry.getMethod("main", String[].class).invoke(null, (Object) record.request().args().toArray(String[]::new));
      return null;
    } finally {
      weft.setLocalProperty(POOL_PROPERTY, null); // the runner thread's next job is another user's
    }
  }

  /**
   * Under FAIR scheduling (weft.scheduler.mode=FAIR) the job's stages go to a pool named after its user: the
   * pool is a local property of this thread (and threads the job starts), set before the job's actions run.
   */
  private void enterPool(JobRecord record) {
    weft.setLocalProperty(POOL_PROPERTY, record.request().user());
  }

  private JobContext context(JobRecord record) {
    return new JobContext() {
      @Override
      public WeftContext weft() {
        return weft;
      }

      @Override
      public List<String> args() {
        return record.request().args();
      }

      @Override
      public String jobId() {
        return record.id();
      }

      @Override
      public String user() {
        return record.request().user();
      }

      @Override
      public void log(String line) {
        record.log().line(line);
      }
    };
  }

  /** Strings, numbers and booleans as they are (JSON values); anything else by its text; null stays null. */
  private static Object reportable(Object result) {
    if (result == null || result instanceof String || result instanceof Number || result instanceof Boolean) {
      return result;
    }
    return String.valueOf(result);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while (cause instanceof InvocationTargetException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String describe(Throwable t) {
    List<String> parts = new ArrayList<>();
    for (Throwable c = t; c != null && parts.size() < 4; c = c.getCause()) {
      parts.add(c.toString());
    }
    return String.join("; caused by ", parts);
  }

  private static String stackOf(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString().stripTrailing();
  }

  @Override
  public void close() {
    runners.shutdownNow();
  }
}
