package io.weft.driver;

import static java.util.Objects.requireNonNull;

import io.weft.driver.scheduler.ClassLoaderScope;
import io.weft.driver.scheduler.SchedulerBackend;
import java.io.IOException;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Classes of one isolated unit of work (a job server's isolated job): a fresh class loader over its jars on the
 * driver, and a class-loader scope of the same jars on every executor that runs one of its tasks. Code run
 * through {@link #call} loads classes from here, and the jobs it starts run their tasks in the scope, so two
 * units may hold classes of the same name with different code. {@link #close} discards the loaders on the
 * driver and the executors. Made by {@link WeftContext#isolatedClasses}.
 */
public final class IsolatedClasses implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();

  private final WeftContext context;
  private final SchedulerBackend backend;
  private final ClassLoaderScope scope;
  private final URLClassLoader loader;
  private final List<String> served;
  private final AtomicBoolean closed = new AtomicBoolean();

  IsolatedClasses(WeftContext context, SchedulerBackend backend, ClassLoaderScope scope, URLClassLoader loader,
      List<String> served) {
    this.context = requireNonNull(context);
    this.backend = requireNonNull(backend);
    this.scope = requireNonNull(scope);
    this.loader = requireNonNull(loader);
    this.served = List.copyOf(served);
  }

  /** The scope's id, unique within the application. */
  public String id() {
    return scope.id();
  }

  /** The driver's class loader of this unit (load its entry class from here). */
  public ClassLoader loader() {
    return loader;
  }

  ClassLoaderScope scope() {
    return scope;
  }

  /**
   * Runs {@code body} on this thread with this unit's loader as the context class loader, and every job it (or a
   * thread it starts) runs on the context in this scope.
   */
  public <T> T call(Callable<T> body) throws Exception {
    if (closed.get()) {
      throw new IllegalStateException("isolated classes " + scope.id() + " are closed");
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    IsolatedClasses outer = context.enterIsolation(this);
    thread.setContextClassLoader(loader);
    try {
      return body.call();
    } finally {
      thread.setContextClassLoader(previous);
      context.leaveIsolation(outer);
    }
  }

  /** Executors close their loaders of this scope and delete its jars; the driver's loader is closed. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    backend.scheduler().releaseClassLoaderScope(scope.id());
    served.forEach(backend::stopServingScopeJar);
    try {
      loader.close();
    } catch (IOException e) {
      LOG.warn("cannot close the class loader of scope {}: {}", scope.id(), e.toString());
    }
    LOG.info("isolated classes {} released", scope.id());
  }
}
