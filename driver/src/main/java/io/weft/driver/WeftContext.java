package io.weft.driver;

import io.weft.common.launch.ContainerEnvironment;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.config.RmEndpoints;
import io.weft.common.id.HostPort;
import io.weft.driver.allocation.AllocationSettings;
import io.weft.driver.storage.ShuffleServiceMode;
import io.weft.driver.allocation.ExecutorAllocationManager;
import io.weft.driver.client.ClientModeBackend;
import io.weft.driver.rpc.AppCredentials;
import io.weft.driver.cluster.ClusterBackend;
import java.util.Optional;
import io.weft.driver.cluster.ClusterBackendHolder;
import io.weft.driver.function.SerializableFunction;
import io.weft.driver.idle.DriverActivity;
import io.weft.driver.idle.IdleStop;
import io.weft.driver.local.LocalBackend;
import io.weft.driver.plan.Lineage;
import io.weft.driver.plan.ParallelCollectionLineage;
import io.weft.driver.plan.TextFileLineage;
import io.weft.driver.plan.UnionLineage;
import io.weft.driver.scheduler.JobRunner;
import io.weft.driver.scheduler.SchedulerBackend;
import io.weft.driver.scheduler.SchedulingMode;
import io.weft.driver.console.ConsoleProgressBar;
import io.weft.driver.console.Terminal;
import io.weft.driver.eventlog.EventLogWriter;
import io.weft.driver.eventlog.EventLogs;
import io.weft.driver.status.AppStatusStore;
import io.weft.driver.status.DriverListener;
import io.weft.driver.ui.DriverUi;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The entry point of a Weft program, like Spark's {@code SparkContext}: creates datasets and runs
 * their actions as jobs on executors. The master ({@code weft.master}) decides where executors are:
 * {@code local[N]} runs N executor threads in this JVM; {@code weft} in cluster mode attaches to
 * the executors the ApplicationMaster hosting this driver negotiates.
 *
 * <p>With {@code weft.driver.idleTimeout} set, a context with no job running and none started for
 * that long stops itself (in cluster and client mode the application then ends SUCCEEDED with a
 * diagnostic saying so); a job server keeps it alive with {@link #keepAlive()} and {@link #holdAlive()}.
 * With {@code weft.scheduler.mode=FAIR}, jobs run from different threads share the executors by
 * pool, set per thread with {@code setLocalProperty("weft.scheduler.pool", name)}.
 */
public class WeftContext implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();

  private final WeftConf conf;
  private final SchedulerBackend backend;
  /** The UI this context started (local and client mode); in cluster mode the AM owns it. */
  private final Optional<DriverUi> ownUi;
  private final Optional<DriverUi> ui;
  /** The console progress line, on when stderr is a terminal (local and client mode). */
  private final Optional<ConsoleProgressBar> progressBar;
  /** The event log this context writes (local and client mode, when on); in cluster mode the AM writes it. */
  private final Optional<EventLogWriter> eventLog;
  private final JobRunner jobs;
  /** Grows and shrinks the executors with the work (weft.dynamicAllocation.enabled; not in local mode). */
  private final Optional<ExecutorAllocationManager> allocation;
  private final long maxResultBytes;
  private final AtomicInteger nextLineageId = new AtomicInteger();
  private final AtomicInteger nextShuffleId = new AtomicInteger();
  private final AtomicBoolean stopped = new AtomicBoolean();
  /** The isolated classes the calling thread (or the thread that started it) runs in; null: the shared loader. */
  private final InheritableThreadLocal<IsolatedClasses> isolation = new InheritableThreadLocal<>();
  private final AtomicInteger nextScope = new AtomicInteger();
  /** Resolves task results of jobs outside any isolated scope (the user's loader). */
  private final ClassLoader sharedLoader;
  /** Jobs and keep-alives, and the idle stop of weft.driver.idleTimeout. */
  private final DriverActivity activity;
  /** Per thread, copied into threads it starts (as Spark's local properties); e.g. the job's pool. */
  private final InheritableThreadLocal<Map<String, String>> localProperties = new InheritableThreadLocal<>() {
    @Override
    protected Map<String, String> childValue(Map<String, String> parent) {
      return new HashMap<>(parent);
    }

    @Override
    protected Map<String, String> initialValue() {
      return new HashMap<>();
    }
  };

  public WeftContext(WeftConf conf) {
    this.conf = requireNonNull(conf, "conf");
    String master = conf.getOption(WeftConf.MASTER).orElseThrow(() -> new IllegalArgumentException(
        "a master URL must be set in the configuration (" + WeftConf.MASTER
            + "): local, local[N], local[*] or weft"));
    WeftConfig typed = WeftConfig.of(conf.getAll()).validate();
    Optional<AllocationSettings> dynamicAllocation = AllocationSettings.of(typed); // before any executor is asked for
    MasterUrl url = MasterUrl.parse(master);
    if (!(url instanceof MasterUrl.Local)) {
      dynamicAllocation.ifPresent(settings -> settings.requireShuffleService(ShuffleServiceMode.enabled(typed),
          DriverKeys.SHUFFLE_SERVICE_ENABLED.key()));
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : WeftContext.class.getClassLoader();
    this.sharedLoader = loader;
    AppStatusStore status = new AppStatusStore(typed.get(DriverKeys.UI_RETAINED_JOBS),
        typed.get(DriverKeys.UI_RETAINED_STAGES));
    // the cluster-mode driver has no terminal, and its AM writes its event log
    boolean clusterMode = !(url instanceof MasterUrl.Local) && ClusterBackendHolder.current().isPresent();
    this.progressBar = !ClusterBackendHolder.current().isPresent() && typed.get(DriverKeys.UI_SHOW_CONSOLE_PROGRESS)
        && Terminal.stderrIsTerminal()
        ? Optional.of(new ConsoleProgressBar(System.err, Terminal.columns(ContainerEnvironment.current().get("COLUMNS"))))
        : Optional.empty();
    this.eventLog = clusterMode ? Optional.empty() : EventLogs.create(typed, url instanceof MasterUrl.Local);
    List<DriverListener> listeners = new ArrayList<>(List.of(status));
    eventLog.ifPresent(listeners::add);
    progressBar.ifPresent(listeners::add);
    DriverListener listener = DriverListener.all(listeners.toArray(DriverListener[]::new));
    if (url instanceof MasterUrl.Local local) {
      this.ownUi = DriverUi.start(typed, "127.0.0.1", "127.0.0.1", status);
      this.backend = new LocalBackend(local.threads(), typed.get(DriverKeys.TASK_MAX_FAILURES),
          SchedulingMode.of(typed.get(DriverKeys.SCHEDULER_MODE)), loader, listener);
      this.ui = ownUi;
    } else if (clusterMode) {
      ClusterBackend cluster = attachToCluster(master);
      this.ownUi = Optional.empty();
      this.backend = cluster;
      this.ui = cluster.ui();
    } else {
      List<HostPort> rm = ((MasterUrl.Cluster) url).rms().orElseGet(() -> RmEndpoints.rpcAddresses(typed));
      String host = ClientModeBackend.advertisedHost(typed, rm.get(0));
      // Made before the application id exists: the driver UI, up before the submission, serves with it.
      AppCredentials credentials = AppCredentials.create("client-mode-driver", typed.get(CommonKeys.TLS_ENABLED));
      this.ownUi = DriverUi.start(typed, ClientModeBackend.bindHost(typed, host), host, status, credentials.webTls());
      ClientModeBackend client;
      try {
        client = startClientMode(typed, rm, appName(), credentials, listener, ownUi.map(DriverUi::url).orElse(""));
      } catch (RuntimeException e) {
        eventLog.ifPresent(EventLogWriter::close);
        ownUi.ifPresent(DriverUi::close);
        progressBar.ifPresent(ConsoleProgressBar::close);
        throw e;
      }
      this.backend = client;
      ownUi.ifPresent(u -> System.out.println("Tracking URL: " + client.trackingUrl() + " (driver UI " + u.url()
          + ")"));
      this.ui = ownUi;
    }
    ui.ifPresent(u -> {
      u.application(backend.applicationId(), appName());
      u.environment(conf.getAll(), backend.appSecret().isEmpty() ? List.of() : List.of(backend.appSecret()));
    });
    eventLog.ifPresent(log -> EventLogs.start(log, backend.applicationId(), appName(),
        EventLogs.user(ContainerEnvironment.current()), conf.getAll(),
        backend.appSecret().isEmpty() ? List.of() : List.of(backend.appSecret())));
    this.maxResultBytes = typed.get(DriverKeys.MAX_RESULT_SIZE) * 1024 * 1024;
    this.jobs = new JobRunner(backend.scheduler(), loader, typed.get(DriverKeys.STAGE_MAX_ATTEMPTS));
    this.allocation = dynamicAllocation(dynamicAllocation, backend, master);
    allocation.ifPresent(ExecutorAllocationManager::start);
    // last: the idle stop may run as soon as the timeout passes, and it stops everything made above
    Duration idleTimeout = typed.get(DriverKeys.IDLE_TIMEOUT);
    this.activity = new DriverActivity(idleTimeout, Clock.systemUTC(), idleTimeout.isZero()
        ? DriverActivity.Wakeups.NONE : DriverActivity.Wakeups.timerThread("weft-idle-" + backend.applicationId()),
        this::stopForIdleness);
    LOG.info("WeftContext of '{}' ({}) started with master {}{}", appName(), backend.applicationId(), master,
        idleTimeout.isZero() ? "" : "; it stops when idle for " + idleTimeout.toMillis() + " ms ("
            + DriverKeys.IDLE_TIMEOUT.key() + ")");
  }

  /**
   * The dynamic allocation of {@code backend} when it is on. Local mode's executors are threads of
   * this JVM, so there it is ignored with a warning, as Spark does.
   */
  private static Optional<ExecutorAllocationManager> dynamicAllocation(Optional<AllocationSettings> settings,
      SchedulerBackend backend, String master) {
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    if (!backend.supportsDynamicAllocation()) {
      LOG.warn("{}=true is ignored with master {}: its executors are threads of this JVM",
          DriverKeys.DYNAMIC_ALLOCATION_ENABLED.key(), master);
      return Optional.empty();
    }
    return Optional.of(new ExecutorAllocationManager(settings.get(), backend, java.time.Clock.systemUTC()));
  }

  /** Client mode: this JVM is the driver; an ExecutorLauncher AM gets executors from the RM. */
  private static ClientModeBackend startClientMode(WeftConfig typed, List<HostPort> rmAddresses, String appName,
      AppCredentials credentials, DriverListener listener, String uiUrl) {
    // `weft submit` prints the sizes itself; a program creating its own context gets them on stdout
    boolean submitted = "client".equals(System.getProperty(WeftConf.DEPLOY_MODE));
    return new ClientModeBackend(typed, rmAddresses, appName, credentials, line -> {
      if (!submitted) {
        System.out.println(line);
      }
      LOG.info(line);
    }, listener, uiUrl);
  }

  private static ClusterBackend attachToCluster(String master) {
    ClusterBackend cluster = ClusterBackendHolder.current().orElseThrow(() -> new IllegalStateException(
        "master '" + master + "': no cluster-mode ApplicationMaster backend is installed in this JVM"));
    if (cluster.isStopped()) {
      throw new IllegalStateException("the cluster backend of " + cluster.applicationId()
          + " was already stopped; only one WeftContext can run per application");
    }
    return cluster;
  }

  public String appName() {
    return conf.get(WeftConf.APP_NAME, "Weft application");
  }

  public String applicationId() {
    return backend.applicationId();
  }

  /** This driver's run of the application (see {@link SchedulerBackend#attemptId()}). */
  String attemptId() {
    return backend.attemptId();
  }

  /** A copy of the settings this context was created with. */
  public WeftConf getConf() {
    WeftConf copy = new WeftConf(false);
    conf.getAll().forEach(copy::set);
    return copy;
  }

  /** The driver UI's URL ({@code http://host:port/}), when it is enabled. */
  public Optional<String> uiWebUrl() {
    return ui.map(DriverUi::url);
  }

  public int defaultParallelism() {
    return backend.defaultParallelism();
  }

  /** Distributes {@code data} over {@code numSlices} partitions. The elements must be serializable. */
  public <T> Dataset<T> parallelize(List<T> data, int numSlices) {
    requireNonNull(data, "data");
    requireRunning();
    return new Dataset<>(this, new ParallelCollectionLineage<>(newLineageId(), data, numSlices));
  }

  public <T> Dataset<T> parallelize(List<T> data) {
    return parallelize(data, defaultParallelism());
  }

  /**
   * The lines of the text file at {@code path}, in at least {@code minPartitions} partitions (more
   * for a big file: at most 32 MB each). Executors read the file, so it must be at the same path
   * on every node (on a one-machine cluster, any local file).
   */
  public Dataset<String> textFile(String path, int minPartitions) {
    requireNonNull(path, "path");
    requireRunning();
    String absolute = java.nio.file.Path.of(path).toAbsolutePath().toString();
    if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(absolute))) {
      throw new IllegalArgumentException("text file " + absolute + " does not exist or is not readable");
    }
    return new Dataset<>(this, new TextFileLineage(newLineageId(), absolute, minPartitions));
  }

  public Dataset<String> textFile(String path) {
    return textFile(path, Math.min(2, defaultParallelism()));
  }

  /** The elements of all {@code datasets}, partitions side by side. */
  @SafeVarargs
  public final <T> Dataset<T> union(Dataset<T>... datasets) {
    requireRunning();
    List<Lineage<T>> lineages = java.util.Arrays.stream(datasets).map(Dataset::lineage).toList();
    return new Dataset<>(this, new UnionLineage<>(newLineageId(), lineages));
  }

  /**
   * Ships a jar to every executor, which loads classes from it before its next task (client and
   * cluster mode: served by this driver; local mode: it must already be on the classpath).
   * {@code local:/path} means it is already at that path on every node.
   */
  public void addJar(String path) {
    requireNonNull(path, "path");
    requireRunning();
    backend.addJar(path);
  }

  /**
   * A fresh class loader over {@code jars} (a child of this context's user loader), on the driver and, for the
   * tasks of jobs run through {@link IsolatedClasses#call}, on the executors: classes of the same name in two
   * isolated units never meet. Close it when the unit is done. {@code name} labels the scope (letters, digits,
   * '.', '_', '-'); the id adds a number unique within the application.
   */
  public IsolatedClasses isolatedClasses(String name, List<java.nio.file.Path> jars) {
    requireNonNull(name, "name");
    requireRunning();
    String id = "scope-" + nextScope.incrementAndGet() + "-" + name;
    List<String> served = new ArrayList<>();
    java.net.URL[] urls = new java.net.URL[jars.size()];
    try {
      for (int i = 0; i < jars.size(); i++) {
        java.nio.file.Path jar = jars.get(i).toAbsolutePath();
        if (!java.nio.file.Files.isRegularFile(jar) || !java.nio.file.Files.isReadable(jar)) {
          throw new IllegalArgumentException("jar " + jar + " does not exist or is not readable");
        }
        urls[i] = jar.toUri().toURL();
        served.add(backend.serveScopeJar(id + "-" + i + "-" + jar.getFileName(), jar));
      }
    } catch (java.net.MalformedURLException | RuntimeException e) {
      served.forEach(backend::stopServingScopeJar);
      throw e instanceof RuntimeException r ? r : new IllegalArgumentException("bad jar path: " + e.getMessage(), e);
    }
    java.net.URLClassLoader loader = new java.net.URLClassLoader("weft-" + id, urls, sharedLoader);
    return new IsolatedClasses(this, backend, new io.weft.driver.scheduler.ClassLoaderScope(id, served), loader,
        served);
  }

  /** Makes {@code classes} the calling thread's isolation; answers the one it replaces (null: none). */
  IsolatedClasses enterIsolation(IsolatedClasses classes) {
    IsolatedClasses outer = isolation.get();
    isolation.set(classes);
    return outer;
  }

  void leaveIsolation(IsolatedClasses outer) {
    if (outer == null) {
      isolation.remove();
    } else {
      isolation.set(outer);
    }
  }

  /** The driver UI this context serves (its own, or in cluster mode the AM's), when enabled. */
  public Optional<DriverUi> driverUi() {
    return ui;
  }

  /** Copies a file into every executor's working directory before its next task ({@code local:/path}: not copied). */
  public void addFile(String path) {
    requireNonNull(path, "path");
    requireRunning();
    backend.addFile(path);
  }

  /** Stops the executors; idempotent. */
  public void stop() {
    stop(backend::stop);
  }

  private void stopForIdleness(IdleStop idle) {
    stop(() -> backend.stopForIdleness(idle.diagnostic()));
  }

  private void stop(Runnable stopBackend) {
    if (stopped.compareAndSet(false, true)) {
      LOG.info("stopping WeftContext of {}", backend.applicationId());
      activity.close();
      allocation.ifPresent(ExecutorAllocationManager::close);
      stopBackend.run();
      progressBar.ifPresent(ConsoleProgressBar::close);
      // after the backend: the last jobs, stages and executors are in the log before it is published
      eventLog.ifPresent(EventLogWriter::close);
      ownUi.ifPresent(DriverUi::close);
    }
  }

  @Override
  public void close() {
    stop();
  }

  public boolean isStopped() {
    return stopped.get();
  }

  /**
   * Counts as activity now: the idle clock of {@code weft.driver.idleTimeout} starts again. For a job
   * server, e.g. when a request arrives; a request that waits longer than the timeout should
   * {@link #holdAlive()} instead. No effect once stopped.
   */
  public void keepAlive() {
    activity.keepAlive();
  }

  /**
   * Holds this driver busy, as a running job does, until the lease is closed (then the idle clock
   * starts again): for a job server's queued request. Closing twice is harmless.
   *
   * @throws IllegalStateException naming the idle timeout when the context already stopped for idleness
   */
  public DriverActivity.Lease holdAlive() {
    requireRunning();
    return activity.hold();
  }

  /** When a job last ran or a keep-alive came (the start, before any); while a job runs, when it began. */
  public Instant lastActivity() {
    return activity.lastActivity();
  }

  /** {@code weft.driver.idleTimeout}, when set (not zero). */
  public Optional<Duration> idleTimeout() {
    return activity.timeout().isZero() ? Optional.empty() : Optional.of(activity.timeout());
  }

  /** Why this context stopped itself for idleness, once it did (its {@link IdleStop#diagnostic()}). */
  public Optional<IdleStop> idleStop() {
    return activity.idleStop();
  }

  /**
   * Sets a property of the jobs this thread (and threads it starts afterwards) runs, as Spark's
   * {@code setLocalProperty}; {@code null} removes it. {@code weft.scheduler.pool} names the job's
   * pool in FAIR mode ({@code weft.scheduler.mode}).
   */
  public void setLocalProperty(String key, String value) {
    requireNonNull(key, "key");
    if (value == null) {
      localProperties.get().remove(key);
    } else {
      localProperties.get().put(key, value);
    }
  }

  /** This thread's value of a property set with {@link #setLocalProperty}, or null. */
  public String getLocalProperty(String key) {
    return localProperties.get().get(requireNonNull(key, "key"));
  }

  /** The task scheduler behind this context (tests look at its pools). */
  io.weft.driver.scheduler.TaskScheduler scheduler() {
    return backend.scheduler();
  }

  int newLineageId() {
    return nextLineageId.getAndIncrement();
  }

  int newShuffleId() {
    return nextShuffleId.getAndIncrement();
  }

  <T, U extends Serializable> List<U> runJob(Lineage<T> lineage, SerializableFunction<Iterator<T>, U> perPartition) {
    requireRunning();
    // refused, naming the idle stop, when the timer fired first; else the driver is busy until the job ends
    try (DriverActivity.Lease job = activity.jobStarted()) {
      String pool = getLocalProperty(SchedulingMode.POOL_PROPERTY);
      pool = pool == null || pool.isBlank() ? SchedulingMode.DEFAULT_POOL : pool;
      IsolatedClasses isolated = isolation.get();
      if (isolated == null) {
        return jobs.runJob(lineage, perPartition, maxResultBytes, pool);
      }
      return jobs.runJob(lineage, perPartition, maxResultBytes, pool, isolated.scope(), isolated.loader());
    }
  }

  private void requireRunning() {
    if (stopped.get()) {
      throw new IllegalStateException("WeftContext of " + backend.applicationId() + " is stopped"
          + activity.idleStop().map(idle -> ": " + idle.refusal()).orElse(""));
    }
  }
}
