package io.weft.driver.executor;

import io.weft.driver.serialize.DelegatingClassLoader;

/**
 * Names, for the deserialization of shuffle records, the loader of the task running on the calling thread
 * ({@link TaskRunner} makes it the thread's context loader), else the shared user loader: shuffle files are read by
 * whichever task reads them, so an isolated job's records deserialize with the classes of that job's scope. It
 * defines and resolves nothing itself (loading through it directly gives the shared loader's classes): the
 * deserializer asks {@link #target()} on each class, so the JVM never caches a scope's class under this loader.
 */
public final class TaskThreadClassLoader extends DelegatingClassLoader {
  private final ClassLoader shared;

  public TaskThreadClassLoader(ClassLoader shared) {
    super("weft-task-thread", shared);
    this.shared = shared;
  }

  @Override
  public ClassLoader target() {
    ClassLoader task = Thread.currentThread().getContextClassLoader();
    return task != null && task != this ? task : shared;
  }

}
