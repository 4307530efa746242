package io.weft.driver.cluster;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.WeftConfig;
import io.weft.common.id.ContainerId;
import io.weft.common.id.HostPort;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.launch.ExitStatus;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.driver.DriverKeys;
import io.weft.driver.UnreachableDriver;
import io.weft.driver.rpc.AppCredentials;
import io.weft.driver.rpc.DriverEndpoint;
import io.weft.driver.rpc.DriverServices;
import io.weft.driver.rpc.FileServer;
import io.weft.driver.scheduler.SchedulerBackend;
import io.weft.driver.scheduler.TaskScheduler;
import io.weft.driver.status.DriverListener;
import io.weft.driver.status.ProgressTracker;
import io.weft.driver.ui.DriverUi;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The driver side of cluster mode, created by the ApplicationMaster before the user's main starts
 * so executors can register while it runs: a task scheduler and the DriverService endpoint in front
 * of it. The AM reports executor containers that end ({@link #executorEnded}) and gives up on
 * executors for good with {@link #abort}; the user's context stops it with {@link #stop}.
 */
public final class ClusterBackend implements SchedulerBackend, Lifecycle {
  private static final Logger LOG = LogManager.getLogger();

  private final String applicationId;
  private final String attemptId;
  private final AppCredentials credentials;
  private final int expectedCores;
  private final int configuredParallelism;
  private final Runnable onContextStopped;
  private final TaskScheduler scheduler;
  private final DriverEndpoint endpoint;
  private final FileServer files = new FileServer();
  private final Optional<DriverUi> ui;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final java.util.concurrent.CompletableFuture<String> idleStop = new java.util.concurrent.CompletableFuture<>();
  private final ProgressTracker progress = new ProgressTracker();
  private final ExecutorRequests requests;

  /**
   * @param expectedCores executor cores the AM will ask for, used for default parallelism until they register
   * @param onContextStopped run once when the context stops (the AM then stops asking for executors)
   */
  public ClusterBackend(String applicationId, AppCredentials credentials, WeftConfig conf, Map<String, String> env,
      int expectedCores, Runnable onContextStopped) {
    this(applicationId, credentials, conf, env, expectedCores, onContextStopped, DriverListener.NONE, Optional.empty(),
        ExecutorRequests.FIXED);
  }

  /**
   * With the AM's driver UI (which the context fills with its settings) and the listener feeding it;
   * the AM, which registered the UI as the tracking URL, closes the UI; {@code requests} change the
   * executors for dynamic allocation ({@link ExecutorRequests#FIXED}: they cannot change).
   */
  public ClusterBackend(String applicationId, AppCredentials credentials, WeftConfig conf, Map<String, String> env,
      int expectedCores, Runnable onContextStopped, DriverListener listener, Optional<DriverUi> ui,
      ExecutorRequests requests) {
    this.ui = requireNonNull(ui);
    this.requests = requireNonNull(requests);
    this.applicationId = requireNonNull(applicationId);
    String container = env.get(ContainerEnv.CONTAINER_ID);
    this.attemptId = container == null ? applicationId : ContainerId.parse(container).attemptId().toString();
    this.credentials = requireNonNull(credentials);
    this.expectedCores = expectedCores;
    this.configuredParallelism = conf.get(DriverKeys.DEFAULT_PARALLELISM);
    this.onContextStopped = requireNonNull(onContextStopped);
    this.scheduler = new TaskScheduler(conf.get(DriverKeys.TASK_MAX_FAILURES),
        io.weft.driver.scheduler.SchedulingMode.of(conf.get(DriverKeys.SCHEDULER_MODE)),
        DriverListener.all(listener, progress));
    String host = driverHost(conf, env);
    String bindHost = conf.get(DriverKeys.DRIVER_BIND_ADDRESS).isBlank() ? host : conf.get(DriverKeys.DRIVER_BIND_ADDRESS);
    HostPort bind = new HostPort(bindHost, conf.get(DriverKeys.DRIVER_PORT));
    this.endpoint = DriverEndpoint.netty(bind, host, applicationId, credentials, scheduler,
        new DriverServices(Map.of(), files, java.util.Optional.empty()));
  }

  /**
   * {@code $NM_HOST}, the node the AM runs on, else {@code weft.driver.host}, else 127.0.0.1. As Spark's
   * cluster mode does, a {@code weft.driver.host} that came from the submitting side (its defaults file)
   * does not count on a node: it names the client's host, where this driver is not.
   */
  public static String driverHost(WeftConfig conf, Map<String, String> env) {
    String nodeHost = env.getOrDefault(ContainerEnv.NM_HOST, "");
    if (!nodeHost.isBlank()) {
      return nodeHost;
    }
    String host = conf.get(DriverKeys.DRIVER_HOST);
    return host.isBlank() ? "127.0.0.1" : host;
  }

  @Override
  public void start() {
    endpoint.start();
    LOG.info("driver of {} listening on {}", applicationId, endpoint.address());
  }

  /** Where executors dial in ({@code --driver host:port}). */
  public HostPort driverAddress() {
    return endpoint.address();
  }

  @Override
  public String appSecret() {
    return credentials.secret();
  }

  /** What executors prove themselves with and dial the driver over (their launch environment carries it). */
  public AppCredentials credentials() {
    return credentials;
  }

  /** The application's progress for the RM, as {@link ProgressTracker} defines it. */
  public float progress() {
    return progress.progress();
  }

  /** The driver UI the AM started, if enabled. */
  public Optional<DriverUi> ui() {
    return ui;
  }

  @Override
  public String applicationId() {
    return applicationId;
  }

  /** The AM's attempt, from its container id. */
  @Override
  public String attemptId() {
    return attemptId;
  }

  /** Executors fetch it from this driver (FetchFile) before their next task. */
  @Override
  public void addJar(String path) {
    files.addJar(path);
  }

  @Override
  public void addFile(String path) {
    files.addFile(path);
  }

  @Override
  public String serveScopeJar(String name, java.nio.file.Path jar) {
    files.serveUnlisted(name, jar);
    return name;
  }

  @Override
  public void stopServingScopeJar(String served) {
    files.stopServing(served);
  }

  @Override
  public TaskScheduler scheduler() {
    return scheduler;
  }

  @Override
  public int defaultParallelism() {
    if (configuredParallelism > 0) {
      return configuredParallelism;
    }
    return Math.max(2, Math.max(scheduler.totalCores(), expectedCores));
  }

  /**
   * An executor's container ended with {@code exitStatus}; its running tasks run again elsewhere.
   * A preempted executor's tasks do not count as failed attempts. When its end shows that executors
   * cannot reach this driver's address, the context stops, naming it.
   */
  public void executorEnded(String executorId, int exitStatus, String reason) {
    scheduler.executorLost(executorId, reason, exitStatus != ExitStatus.PREEMPTED);
    UnreachableDriver.diagnose(executorId, exitStatus, reason, endpoint.address(), scheduler).ifPresent(error -> {
      LOG.error(error);
      stop(error);
    });
  }

  @Override
  public boolean supportsDynamicAllocation() {
    return requests != ExecutorRequests.FIXED;
  }

  @Override
  public int executorCores() {
    return requests.executorCores();
  }

  @Override
  public void requestTotalExecutors(int total) {
    if (!stopped.get()) {
      requests.setTarget(total);
    }
  }

  @Override
  public void killExecutors(java.util.List<String> executorIds, String reason) {
    if (!stopped.get()) {
      LOG.info("asking the ApplicationMaster to release executor(s) {}: {}", executorIds, reason);
      requests.kill(executorIds);
    }
  }

  /** No more executors will come (e.g. too many failed); fails the running jobs with {@code reason}. */
  public void abort(String reason) {
    scheduler.abort(reason);
  }

  public boolean isStopped() {
    return stopped.get();
  }

  /**
   * The context stopped because the driver was idle: completed with the diagnostic before the
   * executors are stopped, so the AM ends the application SUCCEEDED with it even when the user's main
   * is still running (e.g. blocked on its input) or fails because its context is gone.
   */
  public java.util.concurrent.CompletableFuture<String> idleStop() {
    return idleStop;
  }

  @Override
  public void stopForIdleness(String diagnostics) {
    if (!stopped.get()) {
      idleStop.complete(diagnostics);
    }
    stop(diagnostics);
  }

  /** Stops every executor (the context was stopped); idempotent. */
  @Override
  public void stop() {
    stop("the context was stopped");
  }

  private void stop(String reason) {
    if (stopped.compareAndSet(false, true)) {
      scheduler.stop(reason);
      onContextStopped.run();
    }
  }

  /** Stops the executors if the context did not, and closes the endpoint. */
  @Override
  public void close() {
    stop("the application master is finishing");
    endpoint.close();
  }
}
