package io.weft.driver.scheduler;

/** The driver's side of one executor: where tasks are sent. Implementations must not block. */
public interface ExecutorHandle {
  String id();

  /** Task slots: one per core. */
  int cores();

  /** Where it runs, for the driver UI. */
  default String host() {
    return "";
  }

  /** Where its container's logs can be read (empty: none, e.g. an in-JVM executor). */
  default String logUrl() {
    return "";
  }

  void launch(TaskDescription task);

  /** The driver is done with class-loader scope {@code scopeId}; the executor may drop its loader. Must not block. */
  default void releaseClassLoaderScope(String scopeId) {}

  /** Asks the executor to exit; it will get no more tasks. */
  void stop(String reason);
}
