package io.weft.driver.scheduler;

/** The driver's side of one executor: where tasks are sent. Implementations must not block. */
public interface ExecutorHandle {
  String id();

  /** Task slots: one per core. */
  int cores();

  void launch(TaskDescription task);

  /** Asks the executor to exit; it will get no more tasks. */
  void stop(String reason);
}
