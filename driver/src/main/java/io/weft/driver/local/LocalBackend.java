package io.weft.driver.local;

import io.weft.driver.executor.Executor;
import io.weft.driver.executor.ScopedClassLoaders;
import io.weft.driver.executor.TaskRunner;
import io.weft.driver.executor.TaskThreadClassLoader;
import io.weft.driver.scheduler.ExecutorHandle;
import io.weft.driver.scheduler.SchedulerBackend;
import io.weft.driver.scheduler.SchedulingMode;
import io.weft.driver.scheduler.TaskDescription;
import io.weft.driver.scheduler.TaskScheduler;
import io.weft.driver.status.DriverListener;
import io.weft.driver.storage.BlockCache;
import io.weft.driver.storage.ExecutorStorage;
import io.weft.driver.storage.ShuffleStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One in-JVM executor with {@code threads} slots. Tasks still go through serialization, so a
 * program that works in local mode does not fail on a cluster because a closure is not serializable.
 */
public final class LocalBackend implements SchedulerBackend {
  public static final String EXECUTOR_ID = "driver";

  private final TaskScheduler scheduler;
  private final String applicationId;
  private final int threads;
  private final ExecutorService pool;
  private final Path shuffleDir;
  private final ScopedClassLoaders scopes;

  public LocalBackend(int threads, int maxFailures, ClassLoader userLoader) {
    this(threads, maxFailures, userLoader, DriverListener.NONE);
  }

  public LocalBackend(int threads, int maxFailures, ClassLoader userLoader, DriverListener listener) {
    this(threads, maxFailures, SchedulingMode.FIFO, userLoader, listener);
  }

  public LocalBackend(int threads, int maxFailures, SchedulingMode mode, ClassLoader userLoader,
      DriverListener listener) {
    if (threads < 1) {
      throw new IllegalArgumentException("local mode needs at least one thread, got " + threads);
    }
    this.threads = threads;
    this.scheduler = new TaskScheduler(maxFailures, mode, listener);
    this.applicationId = "local-" + System.currentTimeMillis();
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "executor-task-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      this.shuffleDir = Files.createTempDirectory("weft-local-shuffle-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a local shuffle directory: " + e.getMessage(), e);
    }
    // One in-JVM executor: every map output is its own, so it never fetches remotely; the files are real.
    TaskRunner runner = new TaskRunner(userLoader, new ExecutorStorage(new ShuffleStore(EXECUTOR_ID, "127.0.0.1", 0,
        shuffleDir, new TaskThreadClassLoader(userLoader), Optional.empty()), new BlockCache()));
    // a scope's jars are local:/paths here (the default SchedulerBackend#serveScopeJar): nothing is fetched
    this.scopes = new ScopedClassLoaders(userLoader, shuffleDir.resolve("scopes"), Executor.MAX_OPEN_SCOPES);
    scheduler.executorAdded(new LocalExecutor(runner));
  }

  /** Local executor threads share this JVM's classes: the jar must already be on the classpath. */
  @Override
  public void addJar(String path) {
    requireReadable(path, "jar");
  }

  /** Local executor threads share this machine's files: nothing to copy. */
  @Override
  public void addFile(String path) {
    requireReadable(path, "file");
  }

  private static void requireReadable(String path, String what) {
    if (!path.startsWith("local:") && !Files.isReadable(Path.of(path))) {
      throw new IllegalArgumentException(what + " " + Path.of(path).toAbsolutePath() + " does not exist or is not readable");
    }
  }

  @Override
  public TaskScheduler scheduler() {
    return scheduler;
  }

  @Override
  public String applicationId() {
    return applicationId;
  }

  @Override
  public int defaultParallelism() {
    return threads;
  }

  @Override
  public void stop() {
    scheduler.stop("the context was stopped");
    scopes.close();
    deleteTree(shuffleDir);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private final class LocalExecutor implements ExecutorHandle {
    private final TaskRunner runner;

    LocalExecutor(TaskRunner runner) {
      this.runner = runner;
    }

    @Override
    public String id() {
      return EXECUTOR_ID;
    }

    @Override
    public int cores() {
      return threads;
    }

    @Override
    public String host() {
      return "127.0.0.1";
    }

    @Override
    public void launch(TaskDescription task) {
      try {
        pool.execute(() -> {
          ClassLoader loader;
          try {
            loader = scopes.loaderFor(task.scope(), (name, into) -> {
              throw new IOException("local mode serves no files; scope jar " + name + " must be a local:/path");
            });
          } catch (IOException | RuntimeException e) {
            scheduler.taskFailed(task.taskId(), "class-loader scope " + task.scope().id() + ": " + e.getMessage(), "");
            return;
          }
          scheduler.taskEnded(runner.run(task, loader));
        });
      } catch (RejectedExecutionException e) {
        scheduler.taskFailed(task.taskId(), "local executor is stopped", "");
      }
    }

    @Override
    public void releaseClassLoaderScope(String scopeId) {
      scopes.release(scopeId);
    }

    @Override
    public void stop(String reason) {
      pool.shutdownNow();
    }
  }
}
