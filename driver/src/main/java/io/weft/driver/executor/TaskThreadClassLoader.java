package io.weft.driver.executor;

import io.weft.driver.serialize.DelegatingClassLoader;

/**
 * Resolves classes through the loader of the task running on the calling thread ({@link TaskRunner} makes it the
 * thread's context loader), else through the shared user loader. Shuffle files are read by whichever task reads
 * them, so an isolated job's records deserialize with the classes of that job's scope.
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

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    ClassLoader target = target();
    if (target != shared) {
      return Class.forName(name, false, target);
    }
    return super.loadClass(name, resolve);
  }
}
