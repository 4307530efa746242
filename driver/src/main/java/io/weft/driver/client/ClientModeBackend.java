package io.weft.driver.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.CommonKeys;
import io.weft.common.connect.UserChannels;
import io.weft.common.config.ConfigException;
import io.weft.common.config.ServerAddress;
import io.weft.common.config.WeftConfig;
import io.weft.common.tls.CertificateNames;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.common.launch.AppMasterArgs;
import io.weft.common.launch.JvmContainer;
import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceAmounts;
import io.weft.common.rpc.RetryPolicy;
import io.weft.driver.DriverKeys;
import io.weft.driver.UnreachableDriver;
import io.weft.driver.allocation.AllocationSettings;
import io.weft.driver.rpc.AppCredentials;
import io.weft.driver.rpc.DriverEndpoint;
import io.weft.driver.rpc.DriverServices;
import io.weft.driver.rpc.FileServer;
import io.weft.driver.rpc.RmApplications;
import io.weft.driver.scheduler.SchedulerBackend;
import io.weft.driver.storage.ShuffleServiceMode;
import io.weft.driver.scheduler.TaskScheduler;
import io.weft.driver.status.DriverListener;
import io.weft.driver.status.ProgressTracker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Client mode: this JVM is the driver. It serves DriverService on {@code weft.driver.bindAddress},
 * advertised as {@code weft.driver.host}; submits a light ExecutorLauncher AM (the secret in its
 * launch environment) that dials back, takes the wanted number of executors and reports how they
 * end. Creation fails fast, naming the driver's address, when the launcher cannot reach it.
 */
public final class ClientModeBackend implements SchedulerBackend, LauncherListener {
  private static final Logger LOG = LogManager.getLogger();
  private static final Duration LAUNCHER_EXIT_WAIT = Duration.ofSeconds(15);

  private final WeftConfig conf;
  private final TaskScheduler scheduler;
  /** Sent to the launcher as it rises, which reports it to the RM with its heartbeats. */
  private final ProgressTracker progress;
  private final RmApplications rm;
  private final ApplicationId appId;
  private final DriverEndpoint endpoint;
  private final HostPort advertised;
  private final AppCredentials credentials;
  private final FileServer files;
  private final int numExecutors;
  private final long executorMemoryMb;
  private final int executorCores;
  private final CompletableFuture<Control> firstLauncher = new CompletableFuture<>();
  /** The launcher attempt now connected; null between an attempt's end and the next one's registration. */
  private final AtomicReference<Control> launcher = new AtomicReference<>();
  private final CompletableFuture<RmApplications.Status> launcherEnded;
  private final Set<String> startedExecutors = ConcurrentHashMap.newKeySet();
  /** Executors wanted now: weft.executor.instances, or dynamic allocation's latest target. */
  private volatile int wantedExecutors;
  private final boolean dynamicAllocation;
  private volatile String lastEarlyLoss = "";
  private volatile String lastLauncherEnd = "";
  private volatile boolean stopping;
  /** What the launcher unregisters with once the driver stopped (e.g. why it stopped for idleness). */
  private volatile String finishDiagnostics = "";

  /**
   * Submits the launcher and waits until it connects; {@code rmAddress} is the RM to use, {@code uiUrl}
   * the driver UI the launcher registers as the tracking URL (empty: none).
   */
  public ClientModeBackend(WeftConfig conf, List<HostPort> rmAddresses, String appName, AppCredentials credentials,
      PrintSizes printer, DriverListener listener, String uiUrl) {
    this.conf = requireNonNull(conf);
    this.progress = new ProgressTracker(this::reportProgress);
    this.scheduler = new TaskScheduler(conf.get(DriverKeys.TASK_MAX_FAILURES),
        io.weft.driver.scheduler.SchedulingMode.of(conf.get(DriverKeys.SCHEDULER_MODE)),
        DriverListener.all(listener, progress));
    this.numExecutors = conf.get(DriverKeys.EXECUTOR_INSTANCES);
    this.executorMemoryMb = conf.get(DriverKeys.EXECUTOR_MEMORY);
    this.executorCores = conf.get(DriverKeys.EXECUTOR_CORES);
    Optional<AllocationSettings> allocation = AllocationSettings.of(conf);
    this.dynamicAllocation = allocation.isPresent();
    this.wantedExecutors = allocation.map(AllocationSettings::initialExecutors).orElse(numExecutors);
    this.files = FileServer.of(conf.get(DriverKeys.JARS), conf.get(DriverKeys.FILES), conf.get(DriverKeys.ARCHIVES));
    String host = advertisedHost(conf, rmAddresses.get(0)); // before anything is opened: a wrong host fails at once
    // The driver runs in the client's JVM (weft submit): an RM outage is told on its stderr.
    this.rm = new RmApplications(UserChannels.forResourceManagers(rmAddresses, conf), conf.get(CommonKeys.RPC_TIMEOUT),
        RetryPolicy.forResourceManager(conf), System.err::println);
    RmApplications.NewApplication app;
    try {
      app = rm.create();
    } catch (RuntimeException e) {
      rm.close();
      throw e;
    }
    this.appId = app.id();
    long amHeap = conf.get(DriverKeys.AM_MEMORY);
    this.credentials = requireNonNull(credentials);
    this.endpoint = DriverEndpoint.netty(new HostPort(bindHost(conf, host), conf.get(DriverKeys.DRIVER_PORT)), host,
        appId.toString(), credentials, scheduler,
        new DriverServices(Map.of(), files, Optional.of(this)));
    try {
      Resource executor = JvmContainer.requireFits("executor", executorMemoryMb, executorCores, app.maximum());
      new Resource(executor.memoryMb(), executor.vcores(),
          ResourceAmounts.of(conf.asMap(), ResourceAmounts.EXECUTOR_PREFIX)).requireValidRequest("executor", app.maximum());
      Resource am = JvmContainer.requireFits("ExecutorLauncher AM (weft.am.memory)", amHeap, 1, app.maximum());
      endpoint.start();
      this.advertised = endpoint.address();
      printer.print(String.format("Requesting %d executor container(s) of %d MB (%d MB + %d MB overhead), %d vcore(s);"
              + " ExecutorLauncher AM container of %d MB (%d MB + %d MB overhead); driver at %s", wantedExecutors,
          executor.memoryMb(), executorMemoryMb, executor.memoryMb() - executorMemoryMb, executor.vcores(),
          am.memoryMb(), amHeap, am.memoryMb() - amHeap, advertised));
      Map<String, String> launcherConf = new LinkedHashMap<>(failureSettings(conf));
      launcherConf.put("weft.app.name", appName);
      // the launcher asks for the executors: it needs their other resource types too (weft.executor.resource.*)
      launcherConf.putAll(ResourceAmounts.keys(conf.asMap(), ResourceAmounts.EXECUTOR_PREFIX));
      launcherConf.put(CommonKeys.EXECUTOR_NODE_LABEL_EXPRESSION.key(),
          conf.get(CommonKeys.EXECUTOR_NODE_LABEL_EXPRESSION));
      launcherConf.put(DriverKeys.UI_URL.key(), uiUrl);
      // the launcher starts the executors, so it tells them whether their shuffle files go through the node's service
      launcherConf.put(DriverKeys.SHUFFLE_SERVICE_ENABLED.key(), Boolean.toString(ShuffleServiceMode.enabled(conf)));
      // the launcher allows executor failures by it: twice the most executors the application may have
      int mostExecutors = allocation.map(AllocationSettings::maxExecutors).orElse(numExecutors);
      AppMasterArgs args = new AppMasterArgs(AppMasterArgs.DeployMode.CLIENT, null, null, java.util.List.of(),
          mostExecutors, executorMemoryMb, executorCores, advertised.toString(), launcherConf);
      rm.submitLauncher(appId, appName, conf.get(DriverKeys.QUEUE), conf.get(CommonKeys.AM_NODE_LABEL_EXPRESSION),
          Duration.ofSeconds(conf.get(CommonKeys.APPLICATION_LIFETIME)), am, amHeap, args, credentials);
      LOG.info("submitted ExecutorLauncher {} for the driver at {}", appId, advertised);
      this.launcherEnded = rm.whenEnded(appId);
      awaitLauncher();
      launcherEnded.whenComplete(this::applicationEnded);
    } catch (RuntimeException e) {
      endpoint.close();
      rm.close();
      throw e;
    }
  }

  /** Where the client prints the sizes it asks for. */
  @FunctionalInterface
  public interface PrintSizes {
    void print(String line);
  }

  /** The settings the ExecutorLauncher counts executor failures and excludes nodes by, as the user set them. */
  static Map<String, String> failureSettings(WeftConfig conf) {
    Map<String, String> out = new TreeMap<>();
    conf.asMap().forEach((key, value) -> {
      if (key.startsWith("weft.excludeOnFailure.") || key.equals("weft.executor.maxFailures")
          || key.equals("weft.executor.failuresValidityInterval")) {
        out.put(key, value);
      }
    });
    return out;
  }

  /**
   * {@code weft.driver.host}, else 127.0.0.1 for an RM on this machine, else the address of this host's
   * interface toward the RM; a wildcard, or a loopback address toward an RM elsewhere, is refused.
   */
  public static String advertisedHost(WeftConfig conf, HostPort rm) {
    String host = conf.get(DriverKeys.DRIVER_HOST).trim();
    boolean rmIsLocal = CertificateNames.isLoopback(rm.host());
    if (!host.isEmpty()) {
      if (ServerAddress.isWildcard(host) || (CertificateNames.isLoopback(host) && !rmIsLocal)) {
        throw new ConfigException("configuration " + DriverKeys.DRIVER_HOST.key() + "=" + host + " is "
            + (ServerAddress.isWildcard(host) ? "a wildcard address" : "a loopback address") + ": the ExecutorLauncher "
            + "and the executors, on the hosts of the ResourceManager at " + rm + ", could not dial the driver there; "
            + "give this host's name or address as they reach it (and " + DriverKeys.DRIVER_BIND_ADDRESS.key()
            + "=0.0.0.0 to listen on every interface)");
      }
      return host;
    }
    if (rmIsLocal) {
      return "127.0.0.1";
    }
    // The address of the interface that faces the RM: the cluster's hosts reach this one through it, whatever
    // this machine's name resolves to (often 127.0.1.1 in its own /etc/hosts).
    return ServerAddress.localAddressToward(rm).orElseGet(() -> {
      try {
        return java.net.InetAddress.getLocalHost().getCanonicalHostName();
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException("cannot find this host's name to advertise the driver; set "
            + DriverKeys.DRIVER_HOST.key(), e);
      }
    });
  }

  /** {@code weft.driver.bindAddress}, else the advertised host: where the driver's servers listen. */
  public static String bindHost(WeftConfig conf, String advertisedHost) {
    String bind = conf.get(DriverKeys.DRIVER_BIND_ADDRESS);
    return bind.isBlank() ? advertisedHost : bind;
  }

  /** Waits for the launcher to connect; fails naming the advertised address if it ends or times out first. */
  private void awaitLauncher() {
    Duration timeout = conf.get(DriverKeys.LAUNCHER_TIMEOUT);
    try {
      if (CompletableFuture.anyOf(firstLauncher, launcherEnded).get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          instanceof RmApplications.Status status) {
        throw new IllegalStateException("the ExecutorLauncher " + appId + " ended " + status.state()
            + " before it connected to the driver at " + advertised + " (" + DriverKeys.DRIVER_HOST.key() + "): "
            + status.diagnostics());
      }
    } catch (TimeoutException e) {
      String state = rm.status(appId).state();
      rm.kill(appId);
      throw new IllegalStateException("the ExecutorLauncher " + appId + " did not connect to the driver at "
          + advertised + " within " + timeout.toSeconds() + " s (state " + state + "); can the cluster's nodes reach "
          + advertised + "?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rm.kill(appId);
      throw new IllegalStateException("interrupted while waiting for the ExecutorLauncher " + appId, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void launcherRegistered(String attemptId, Control control) {
    int wanted = wantedExecutors;
    LOG.info("ExecutorLauncher {} connected; asking for {} executor(s)", attemptId, wanted);
    control.requestExecutors(wanted, executorMemoryMb, executorCores);
    control.reportProgress(progress.progress()); // a new attempt starts from where the driver is
    launcher.set(control);
    firstLauncher.complete(control);
    if (stopping) {
      // the driver stopped between two attempts: this one must unregister with the verdict too, not wait for a
      // finish order that went to its predecessor (or nowhere) and then fail when the endpoint closes
      control.finish(true, finishDiagnostics);
    }
  }

  private void reportProgress(float value) {
    Control current = launcher.get();
    if (current != null) {
      current.reportProgress(value);
    }
  }

  @Override
  public void executorStarted(String executorId, String containerId, String nodeId) {
    startedExecutors.add(executorId);
    LOG.info("executor {} started in container {} on {}", executorId, containerId, nodeId);
  }

  @Override
  public void executorLost(ExecutorLoss loss) {
    boolean registered = scheduler.executorIds().contains(loss.executorId());
    if (!loss.deliberate() && !registered && !stopping) {
      lastEarlyLoss = loss.describe() + " without registering with the driver at " + advertised
          + "; can the executors reach it (" + DriverKeys.DRIVER_HOST.key() + ")?";
      LOG.warn(lastEarlyLoss);
    }
    scheduler.executorLost(loss.executorId(), loss.describe(), loss.kind() != ExecutorLoss.Kind.PREEMPTED);
    if (loss.kind() == ExecutorLoss.Kind.EXITED && !stopping) {
      UnreachableDriver.diagnose(loss.executorId(), loss.exitStatus(), loss.describe(), advertised, scheduler)
          .ifPresent(error -> {
            LOG.error(error);
            scheduler.stop(error);
          });
    }
  }

  /**
   * An attempt's session ended. As in Spark's client mode, the driver outlives its launcher: the RM
   * starts another attempt, which dials back and asks for the executors again. Only the
   * application's end fails the driver's jobs, running and later ones ({@link #applicationEnded}).
   */
  @Override
  public void launcherGone(Control session, String reason) {
    if (stopping || !launcher.compareAndSet(session, null)) {
      LOG.debug("an earlier ExecutorLauncher session of {} ended: {}", appId, reason);
      return;
    }
    lastLauncherEnd = reason;
    LOG.warn("the ExecutorLauncher {} is gone ({}); waiting for the ResourceManager to start another attempt",
        appId, reason);
  }

  private void applicationEnded(RmApplications.Status status, Throwable error) {
    if (stopping) {
      return;
    }
    String why = "the ExecutorLauncher " + appId + (error != null
        ? " cannot be followed at the ResourceManager: " + error.getMessage()
        : " ended " + status.state() + ": " + status.diagnostics())
        + (lastLauncherEnd.isEmpty() ? "" : "; its last session: " + lastLauncherEnd)
        + (lastEarlyLoss.isEmpty() ? "" : "; last executor failure: " + lastEarlyLoss);
    LOG.error(why);
    // stop, not abort: no executor can come for an ended application, so a job submitted after this
    // (the end may be seen before the user's first job) must fail at once rather than wait for ever
    scheduler.stop(why);
  }

  @Override
  public boolean supportsDynamicAllocation() {
    return dynamicAllocation;
  }

  @Override
  public int executorCores() {
    return executorCores;
  }

  /** Tells the launcher now connected; a launcher attempt that connects later is told at registration. */
  @Override
  public void requestTotalExecutors(int total) {
    wantedExecutors = total;
    Control current = launcher.get();
    if (current != null && !stopping) {
      current.requestExecutors(total, executorMemoryMb, executorCores);
    }
  }

  @Override
  public void killExecutors(List<String> executorIds, String reason) {
    Control current = launcher.get();
    if (current == null || stopping) {
      LOG.warn("cannot release executor(s) {} now: no ExecutorLauncher is connected", executorIds);
      return;
    }
    LOG.info("asking the ExecutorLauncher to release executor(s) {}: {}", executorIds, reason);
    current.killExecutors(executorIds);
  }

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

  /** The application's tracking URL at the RM ({@code http://rm/proxy/{appId}/}, which leads to the driver UI). */
  public String trackingUrl() {
    try {
      return rm.status(appId).trackingUrl();
    } catch (RuntimeException e) {
      LOG.debug("no report of {}: {}", appId, e.getMessage());
      return "";
    }
  }

  @Override
  public String appSecret() {
    return credentials.secret();
  }

  @Override
  public TaskScheduler scheduler() {
    return scheduler;
  }

  @Override
  public String applicationId() {
    return appId.toString();
  }

  @Override
  public int defaultParallelism() {
    int configured = conf.get(DriverKeys.DEFAULT_PARALLELISM);
    return configured > 0 ? configured : Math.max(2, Math.max(scheduler.totalCores(), numExecutors * executorCores));
  }

  /** Stops the executors, lets the launcher unregister, and closes the endpoint; idempotent. */
  @Override
  public void stop() {
    stop("the context was stopped", "");
  }

  /** As {@link #stop()}; the launcher unregisters SUCCEEDED with {@code diagnostics}. */
  @Override
  public void stopForIdleness(String diagnostics) {
    stop(diagnostics, diagnostics);
  }

  private synchronized void stop(String reason, String diagnostics) {
    if (stopping) {
      return;
    }
    finishDiagnostics = diagnostics;
    stopping = true;
    scheduler.stop(reason);
    Control current = launcher.get();
    if (current != null) {
      current.finish(true, diagnostics);
    }
    try {
      launcherEnded.get(LAUNCHER_EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("cannot follow the ExecutorLauncher {} to its end: {}", appId, e.getMessage());
    }
    endpoint.close();
    rm.close();
  }
}
