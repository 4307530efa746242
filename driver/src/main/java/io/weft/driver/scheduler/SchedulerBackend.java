package io.weft.driver.scheduler;

/**
 * Where a context's executors come from: in-JVM threads ({@code local[N]}), executor containers the
 * ApplicationMaster launches (cluster mode), or later a remote ExecutorLauncher (client mode).
 */
public interface SchedulerBackend {
  TaskScheduler scheduler();

  String applicationId();

  /**
   * This driver's run of the application, which names its output attempt directories: the AM's
   * attempt in cluster mode (a new attempt runs the driver again); the application itself where the
   * driver never runs twice (local and client mode).
   */
  default String attemptId() {
    return applicationId();
  }

  /** Partitions to use when the user gives none. */
  int defaultParallelism();

  /** Ships a jar to every executor (local:/path = already on every node); their user class loader loads it. */
  void addJar(String path);

  /** Ships a file into every executor's working directory (local:/path = already on every node). */
  void addFile(String path);

  /**
   * Makes {@code jar} fetchable by the tasks of one class-loader scope, without adding it to every executor's
   * shared loader; returns what such a task lists in its scope's jars. Executors in this JVM (local mode) read
   * it in place.
   */
  default String serveScopeJar(String name, java.nio.file.Path jar) {
    return "local:" + jar.toAbsolutePath();
  }

  /** Stops serving what {@link #serveScopeJar} answered with {@code served}. */
  default void stopServingScopeJar(String served) {}

  /** The secret executors present; empty when there is none (local mode). Never shown, e.g. on the UI. */
  default String appSecret() {
    return "";
  }

  /**
   * Whether this backend can change its executors while it runs ({@link #requestTotalExecutors},
   * {@link #killExecutors}): client and cluster mode can, local mode's threads cannot.
   */
  default boolean supportsDynamicAllocation() {
    return false;
  }

  /** Task slots of each executor it asks for (their cores). */
  default int executorCores() {
    return 1;
  }

  /**
   * Wants {@code total} executors from now on (an absolute number): asks for more, or, when fewer
   * are wanted, shrinks the outstanding ask; live executors are only released by {@link #killExecutors}.
   */
  default void requestTotalExecutors(int total) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot change its executors");
  }

  /**
   * Releases {@code executorIds}' containers (not counted as executor failures); {@code reason} is for
   * the log. The caller must have taken them out of placement first ({@link TaskScheduler#retireIdle}),
   * which also makes their removal say why.
   */
  default void killExecutors(java.util.List<String> executorIds, String reason) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot change its executors");
  }

  /** Stops the executors; idempotent. */
  void stop();

  /**
   * Stops the executors because the driver was idle for {@code weft.driver.idleTimeout}; where the
   * application's end is told to the ResourceManager, it ends SUCCEEDED with {@code diagnostics}.
   * Idempotent, and no-op after {@link #stop()}.
   */
  default void stopForIdleness(String diagnostics) {
    stop();
  }
}
