package io.weft.am;

import static java.util.Objects.requireNonNull;

import io.weft.am.allocator.ExecutorAllocator;
import io.weft.am.allocator.ExecutorEnd;
import io.weft.am.allocator.NodeExclusion;
import io.weft.common.launch.ExitStatus;
import io.weft.am.driver.DriverOutcome;
import io.weft.am.driver.UserMainRunner;
import io.weft.am.launch.ExecutorLaunch;
import io.weft.driver.storage.ShuffleServiceMode;
import io.weft.am.launch.JarResource;
import io.weft.am.rpc.NodeManagerClient;
import io.weft.am.rpc.ResourceManagerClient;
import io.weft.am.rpc.ResourceManagerClient.FinalStatus;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.launch.AppMasterArgs;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.launch.ExitStatus;
import io.weft.common.launch.ShippedResource;
import io.weft.common.launch.LaunchCpu;
import java.util.List;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.driver.WeftConf;
import io.weft.driver.allocation.AllocationSettings;
import io.weft.driver.cluster.ClusterBackend;
import io.weft.driver.cluster.ExecutorRequests;
import io.weft.driver.rpc.AppCredentials;
import io.weft.driver.cluster.ClusterBackendHolder;
import io.weft.driver.DriverKeys;
import io.weft.driver.eventlog.EventLogWriter;
import io.weft.driver.eventlog.EventLogs;
import io.weft.driver.status.AppStatusStore;
import io.weft.driver.status.DriverListener;
import io.weft.driver.ui.DriverUi;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * The cluster-mode ApplicationMaster: registers, starts the driver endpoint and hands it to the
 * user's context, asks for executors at once (so they start while the user's main warms up), runs
 * main in the Driver thread, then stops the executors and unregisters with main's outcome.
 */
public final class ApplicationMaster {
  private static final Logger LOG = LogManager.getLogger();
  public static final int EXIT_OK = 0;
  public static final int EXIT_NOT_UNREGISTERED = 1;

  private final AppMasterArgs args;
  private final AmEnvironment env;
  private final WeftConfig conf;
  private final ResourceManagerClient rm;
  private final NodeManagerClient nm;
  private final CompletableFuture<String> shutdown = new CompletableFuture<>();
  private final CompletableFuture<String> allocationFailure = new CompletableFuture<>();

  public ApplicationMaster(AppMasterArgs args, AmEnvironment env, ResourceManagerClient rm, NodeManagerClient nm) {
    this.args = requireNonNull(args);
    this.env = requireNonNull(env);
    this.conf = WeftConfig.of(args.conf()).validate();
    this.rm = requireNonNull(rm);
    this.nm = requireNonNull(nm);
    if (args.mode() != AppMasterArgs.DeployMode.CLUSTER) {
      throw WeftException.invalidArgument("deploy mode " + args.mode() + " is not supported by this AM yet;"
          + " client mode (ExecutorLauncher) comes later");
    }
  }

  /** Asks a running {@link #run} to stop the executors and return without unregistering (e.g. on SIGTERM). */
  public void requestShutdown(String reason) {
    shutdown.complete(reason);
  }

  /** Runs the application to its end; returns the process exit code. */
  public int run() {
    String appId = env.attemptId().applicationId().toString();
    ThreadContext.put("appId", appId);
    // The driver UI is up before registering: its URL is the application's tracking URL.
    AppStatusStore status = new AppStatusStore(conf.get(DriverKeys.UI_RETAINED_JOBS),
        conf.get(DriverKeys.UI_RETAINED_STAGES));
    String driverHost = ClusterBackend.driverHost(conf, env.variables());
    // The cluster speaks TLS, so the application's own endpoints do too, with a certificate of its own.
    AppCredentials credentials = AppCredentials.create(appId, env.tls().enabled());
    Optional<DriverUi> ui = DriverUi.start(conf, driverHost, driverHost, status, credentials.webTls());
    ui.ifPresent(u -> {
      u.application(appId, conf.raw(WeftConf.APP_NAME).orElse(args.mainClass()));
      u.environment(conf.asMap(), List.of(credentials.secret()));
    });
    Resource max;
    try {
      max = rm.register(env.nmHost(), ui.map(DriverUi::url).orElse(""), credentials.certificate());
    } catch (RuntimeException e) {
      ui.ifPresent(DriverUi::close);
      throw e;
    }
    LOG.info("{} registered with the ResourceManager; maximum container {} ({})", env.attemptId(), max,
        LaunchCpu.describe());

    List<ShippedResource> shipped = ShippedResource.decode(conf.get(CommonKeys.AM_SHIPPED));
    CompletableFuture<Void> contextStopped = new CompletableFuture<>();
    // the cluster-mode driver's event log: the AM hosts the driver, so it writes it (see EventLogs)
    Optional<EventLogWriter> eventLog = EventLogs.createInContainer(conf, env.variables());
    eventLog.ifPresent(log -> EventLogs.start(log, appId, conf.raw(WeftConf.APP_NAME).orElse(args.mainClass()),
        EventLogs.user(env.variables()), conf.asMap(), List.of(credentials.secret())));
    // the allocator needs the driver's address, so it comes after the backend; dynamic allocation reaches it here
    CompletableFuture<ExecutorAllocator> allocatorReady = new CompletableFuture<>();
    Optional<AllocationSettings> dynamicAllocation = AllocationSettings.of(conf);
    dynamicAllocation.ifPresent(settings -> settings.requireShuffleService(ShuffleServiceMode.enabled(conf),
        DriverKeys.SHUFFLE_SERVICE_ENABLED.key()));
    ClusterBackend backend = new ClusterBackend(appId, credentials, conf, env.variables(),
        initialExecutors(dynamicAllocation) * args.executorCores(), () -> contextStopped.complete(null),
        eventLog.<DriverListener>map(log -> DriverListener.all(status, log)).orElse(status), ui,
        dynamicAllocation.isPresent() ? executorRequests(allocatorReady) : ExecutorRequests.FIXED);
    ExecutorAllocator allocator = null;
    try {
      backend.start();
      ClusterBackendHolder.install(backend);
      allocator = new ExecutorAllocator(settings(dynamicAllocation), rm, nm, executorId -> ExecutorLaunch.forExecutor(
          executorId, backend.driverAddress(), appId, credentials, args.executorMemoryMb(), args.executorCores(),
          userJar(), shipped).withShuffleService(ShuffleServiceMode.enabled(conf), credentials),
          allocationListener(backend, ui), backend::progress);
      allocatorReady.complete(allocator);
      contextStopped.thenRun(allocator::stopAsking);
      allocator.start();
      publishDriverSettings();

      CompletableFuture<DriverOutcome> driver = UserMainRunner.start(
          env.workDir().resolve(args.userJar()), args.userJar(), args.mainClass(), args.appArgs(),
          shipped.stream().filter(r -> r.kind() == ShippedResource.Kind.JAR)
              .map(r -> env.workDir().resolve(r.path())).toList());
      // an idle stop ends the application even if main still runs (e.g. blocked on its input): the
      // Driver thread is a daemon, so it does not keep this process up
      CompletableFuture<DriverOutcome> idle = backend.idleStop().thenApply(DriverOutcome.StoppedIdle::new);
      Object first = CompletableFuture.anyOf(idle, driver, shutdown).get();
      if (idle.isDone() && first instanceof DriverOutcome) {
        first = idle.join(); // main may have ended at the same moment, e.g. failing on the stopped context
      }
      // Stop the context if main did not (executors are told to exit), then unregister at once:
      // the executor containers are stopped in the finally block, and the RM stops any left over.
      allocator.stopAsking();
      backend.close();
      // published before unregistering: once the RM says the application ended, its history is complete
      eventLog.ifPresent(EventLogWriter::close);
      if (first instanceof String reason) {
        LOG.warn("shutting down without unregistering: {}", reason);
        return EXIT_NOT_UNREGISTERED;
      }
      return finish((DriverOutcome) first);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_NOT_UNREGISTERED;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      backend.close();
      eventLog.ifPresent(EventLogWriter::close);
      ClusterBackendHolder.uninstall(backend);
      ui.ifPresent(DriverUi::close);
      if (allocator != null) {
        allocator.close();
      }
    }
  }

  private int finish(DriverOutcome outcome) {
    FinalStatus status = outcome instanceof DriverOutcome.Failed ? FinalStatus.FAILED : FinalStatus.SUCCEEDED;
    String diagnostics = outcome instanceof DriverOutcome.Failed failed ? failed.diagnostics()
        : outcome instanceof DriverOutcome.StoppedIdle idle ? idle.diagnostics() : "";
    if (status == FinalStatus.FAILED && allocationFailure.isDone()) {
      diagnostics = allocationFailure.join() + "\n" + diagnostics;
    }
    if (status == FinalStatus.FAILED && conf.get(DriverKeys.SUPERVISE) && attemptsLeft()) {
      // --supervise: an attempt that ends without unregistering is a failed attempt, so the RM starts
      // the AM, and with it the driver, again
      LOG.warn("user main failed: {}; supervised (weft.driver.supervise): ending attempt {} of {} without "
          + "unregistering, so the driver is started again", outcome, env.attemptId().attempt(), maxAttempts());
      return EXIT_NOT_UNREGISTERED;
    }
    LOG.info("user main ended: {}; unregistering with {}", outcome, status);
    try {
      return rm.finish(status, diagnostics) ? EXIT_OK : EXIT_NOT_UNREGISTERED;
    } catch (WeftException e) {
      LOG.error("cannot unregister {}: {}", env.attemptId(), e.getMessage());
      return EXIT_NOT_UNREGISTERED;
    }
  }

  private boolean attemptsLeft() {
    return env.attemptId().attempt() < maxAttempts();
  }

  /** The application's attempt limit as the RM told it (the submission's, capped by the cluster's); 1 if unknown. */
  private int maxAttempts() {
    try {
      return Integer.parseInt(env.variables().getOrDefault(ContainerEnv.MAX_APP_ATTEMPTS, "1"));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private ExecutorAllocator.Settings settings(Optional<AllocationSettings> dynamicAllocation) {
    // failures allowed by default: twice the executors it may have, as Spark counts them (maxExecutors with
    // dynamic allocation)
    int executors = dynamicAllocation.map(AllocationSettings::maxExecutors).orElse(args.numExecutors());
    return AmKeys.allocatorSettings(conf, initialExecutors(dynamicAllocation), executors, args.executorMemoryMb(),
        args.executorCores());
  }

  /** What to ask for at start: --num-executors, or dynamic allocation's initial executors. */
  private int initialExecutors(Optional<AllocationSettings> dynamicAllocation) {
    return dynamicAllocation.map(AllocationSettings::initialExecutors).orElse(args.numExecutors());
  }

  /** The driver's dynamic allocation changes the executors through the allocator, once it exists. */
  private ExecutorRequests executorRequests(CompletableFuture<ExecutorAllocator> allocator) {
    return new ExecutorRequests() {
      @Override
      public int executorCores() {
        return args.executorCores();
      }

      @Override
      public void setTarget(int total) {
        allocator.join().setTarget(total);
      }

      @Override
      public void kill(List<String> executorIds) {
        allocator.join().kill(executorIds);
      }
    };
  }

  private ExecutorAllocator.Listener allocationListener(ClusterBackend backend, Optional<DriverUi> ui) {
    return new ExecutorAllocator.Listener() {
      @Override
      public void exclusionsChanged(List<NodeExclusion.Excluded> now) {
        ui.ifPresent(u -> u.excludedNodes(now.stream().map(e -> new AppStatusStore.ExcludedNodeView(
            e.node().toString(), e.until().toString(), e.reason())).toList()));
      }

      @Override
      public void executorLost(String executorId, String reason) {
        backend.executorEnded(executorId, ExitStatus.INVALID, reason);
      }

      @Override
      public void executorEnded(ExecutorEnd end) {
        backend.executorEnded(end.executorId(), end.exitStatus(), end.reason());
      }

      @Override
      public void allocationFailed(String reason) {
        allocationFailure.complete(reason);
        backend.abort(reason);
      }

      @Override
      public void shutdownRequested(String reason) {
        shutdown.complete(reason);
      }
    };
  }

  private Optional<JarResource> userJar() {
    String uri = conf.get(CommonKeys.AM_USER_JAR_URI);
    if (uri.isBlank()) {
      LOG.warn("{} is not set: executors get no user jar", CommonKeys.AM_USER_JAR_URI.key());
      return Optional.empty();
    }
    return Optional.of(new JarResource(uri, conf.get(CommonKeys.AM_USER_JAR_SIZE), conf.get(CommonKeys.AM_USER_JAR_SHA256)));
  }

  /** What the user's {@code new WeftConf()} reads: the master, the deploy mode and every --conf. */
  private void publishDriverSettings() {
    args.conf().forEach((key, value) -> {
      if (key.startsWith("weft.")) {
        System.setProperty(key, value);
      } else {
        LOG.warn("ignoring --conf {}: Weft settings start with 'weft.'", key);
      }
    });
    System.setProperty(WeftConf.MASTER, "weft");
    System.setProperty(WeftConf.DEPLOY_MODE, "cluster");
  }
}
