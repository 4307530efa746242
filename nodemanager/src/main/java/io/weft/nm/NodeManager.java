package io.weft.nm;

import static java.util.Objects.requireNonNull;

import io.grpc.ServerInterceptors;
import io.weft.common.config.WeftConfig;
import io.weft.common.config.ServerAddress;
import io.weft.common.id.HostPort;
import io.weft.common.id.NodeId;
import io.weft.common.lifecycle.Closer;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.FailoverChannel;
import io.weft.common.rpc.ErrorMappingInterceptor;
import io.weft.common.rpc.RpcServer;
import io.weft.nm.application.ApplicationState;
import io.weft.nm.application.Applications;
import io.weft.nm.auxservice.AuxServices;
import io.weft.common.id.ApplicationId;
import io.weft.nm.launch.ContainerDirs;
import io.weft.nm.cgroups.ContainerCgroups;
import io.weft.nm.container.ContainerLimits;
import io.weft.nm.container.ContainerListener;
import io.weft.nm.container.ContainerManager;
import io.weft.nm.device.DeviceAllocator;
import io.weft.nm.container.ContainerStore;
import io.weft.nm.executor.ContainerExecutor;
import io.weft.nm.executor.DefaultContainerExecutor;
import io.weft.nm.executor.LinuxContainerExecutor;
import io.weft.nm.health.NodeHealthChecker;
import io.weft.nm.launch.LaunchEnvironment;
import io.weft.nm.launch.WeftJvmOptions;
import io.weft.nm.warm.WarmJvmPool;
import io.weft.nm.warm.WarmJvmSettings;
import io.weft.nm.localize.Localizer;
import io.weft.nm.logs.ContainerLogs;
import io.weft.nm.logs.LogAggregator;
import io.weft.nm.monitor.ContainerMonitor;
import io.weft.nm.recovery.ContainerRecovery;
import io.weft.nm.recovery.NmStateStore;
import io.weft.nm.rpc.ContainerManagementRpc;
import io.weft.nm.rpc.ContainerTokenVerifier;
import io.weft.nm.rpc.NmTokenHeader;
import io.weft.nm.rpc.NmTokenVerifier;
import io.weft.nm.rpc.GrpcStagedFileSource;
import io.weft.nm.rpc.HeartbeatTrigger;
import io.weft.nm.rpc.NodeStatusUpdater;
import io.weft.nm.security.SharedMasterKeys;
import io.weft.common.security.Authentication;
import io.weft.common.security.BearerTokens;
import io.weft.common.security.LogReaders;
import io.weft.nm.web.NmWebApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A NodeManager: the composition root of the node's components. {@code start()} binds the gRPC
 * server, recovers the containers of a previous run (recovery on), registers with the RM and starts
 * heartbeating; {@code close()} kills every container's process group, unregisters and stops the
 * server, or with recovery on (a supervised stop) leaves containers and registration for the next run.
 */
public final class NodeManager implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();
  /** How long a start waits for what Weft's JVMs need (a dump of a few seconds of CPU; more on a loaded host). */
  static final Duration JVMS_PREPARED_WAIT = Duration.ofSeconds(30);

  private final NmConfig config;
  private final Clock clock;
  private final ContainerListener observer;
  private final Closer closer = new Closer();
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private NodeId nodeId;
  private HostPort webAddress;
  private NodeStatusUpdater updater;
  private ContainerManager containers;
  private ContainerMonitor monitor;
  private WarmJvmPool warmJvms;
  private boolean started;
  private boolean closed;

  public NodeManager(WeftConfig config) {
    this(NmConfig.from(config.validate()), Clock.systemUTC());
  }

  public NodeManager(NmConfig config, Clock clock) {
    this(config, clock, (containerId, state) -> { });
  }

  /**
   * A NodeManager that also tells {@code observer} of every container state change, on the thread that made
   * it (so the observer must not block): how an in-process host such as a benchmark sees when container
   * processes start and exit.
   */
  public NodeManager(NmConfig config, Clock clock, ContainerListener observer) {
    this.config = requireNonNull(config);
    this.clock = requireNonNull(clock);
    this.observer = requireNonNull(observer);
  }

  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    try {
      startComponents();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startComponents() {
    createDirectories();
    // Opened first and closed last: containers record their exits until they are closed.
    ContainerStore store = config.recoveryDir().<ContainerStore>map(dir -> closer.register(NmStateStore.open(dir)))
        .orElse(ContainerStore.NONE);
    // Checked before anything binds: a host that cannot limit containers as configured must not join the cluster.
    ContainerLimits limits = config.cgroups().<ContainerLimits>map(s -> closer.register(ContainerCgroups.open(s)))
        .orElse(ContainerLimits.NONE);
    ContainerExecutor executor = containerExecutor();
    LateBoundServices registry = new LateBoundServices();
    ServerAddress rpcServer = config.rpcServer();
    RpcServer server = closer.register(RpcServer.on(
        RpcServer.nettyBuilder(rpcServer.bind(), config.tls().serverCredentials()).fallbackHandlerRegistry(registry),
        rpcServer.advertisedHost(), List.of()));
    server.start();
    nodeId = new NodeId(rpcServer.advertisedHost(), server.port());
    // Before any container: containers get what the services export, and their service data goes to them.
    // Closed after the containers (reverse order).
    AuxServices auxServices = closer.register(AuxServices.start(config.auxServices(), rpcServer.bind().host(),
        rpcServer.advertisedHost(), config.tls().serverCredentials(),
        (user, app) -> ContainerDirs.appCacheDir(config.localDir(), user, ApplicationId.parse(app))));
    // The web server binds before the node registers, so the RM hears the real http address (port 0 = ephemeral).
    NmWebApp web = closer.register(NmWebApp.bind(config.webServer(), config.webTimeouts(), config.tls()));
    String httpAddress = web.address().toString();
    webAddress = web.address();

    // With HA one channel per RM; heartbeats fail over along them, and staged files come from where they go.
    FailoverChannel rm = Channels.forResourceManagers(config.rmAddresses(), config.tls().channelCredentials());
    closer.register(() -> Channels.close(rm));
    HeartbeatTrigger trigger = new HeartbeatTrigger();
    SharedMasterKeys containerKeys = new SharedMasterKeys("container-token");
    SharedMasterKeys nmTokenKeys = new SharedMasterKeys("NM-token");
    Localizer localizer = new Localizer(config.localDir(),
        new GrpcStagedFileSource(rm, config.fetchTimeout(), nmTokenKeys, nodeId, clock),
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build(), config.fetchTimeout());
    LaunchEnvironment environment = new LaunchEnvironment(nodeId, Integer.toString(web.address().port()),
        config.javaHome(),
        config.containerClasspath(), config.weftHome(), config.tls().containerEnvironment());
    ContainerListener listener = (containerId, state) -> {
      trigger.stateChanged(containerId, state);
      observer.stateChanged(containerId, state);
    };
    Optional<LogAggregator> aggregator = config.logAggregation().map(settings -> closer.register(
        new LogAggregator(nodeId, config.logDir(), settings, clock)));
    aggregator.ifPresent(LogAggregator::start);
    Applications applications = new Applications(clock, config.finishedApplicationRetention(), (app, user, state) ->
        aggregator.ifPresent(logs -> {
          if (state == ApplicationState.RUNNING) {
            logs.applicationRunning(app, user);
          } else if (state == ApplicationState.APPLICATION_RESOURCES_CLEANINGUP) {
            logs.applicationEnded(app);
          }
        }));
    WeftJvmOptions jvmOptions = closer.register(config.jvmOptions());
    CompletableFuture<Void> jvmsPrepared = jvmOptions.prepare();
    // Containers run as other users cannot use a JVM the NodeManager's user started.
    WarmJvmSettings warmSettings = config.linuxExecutor().isPresent() ? WarmJvmSettings.OFF : config.warmJvms();
    WarmJvmPool warmJvms = new WarmJvmPool(warmSettings, config.localDir(), config.logDir(), config.javaHome(),
        config.containerClasspath(), jvmOptions);
    // Closed before the server (reverse order): containers die, then the node unregisters.
    ContainerManager containers = new ContainerManager(nodeId, config.capability(), config.localDir(),
        config.logDir(), localizer, environment, jvmOptions, config.sigkillDelay(),
        listener, store, config.recoveryEnabled(), limits, executor, applications, warmJvms, auxServices,
        new DeviceAllocator(config.devices()));
    // Warm JVMs beyond the count live in memory the scheduler counts free, so only while containers leave it.
    warmJvms.countAgainst(() -> containers.capability().memoryMb() - containers.allocated().memoryMb());
    ContainerMonitor monitor = new ContainerMonitor(containers, config.monitor(), config.capability().vcores());
    synchronized (this) {
      this.containers = containers;
      this.monitor = monitor;
    }
    NodeHealthChecker health = closer.register(new NodeHealthChecker(config.healthChecks(),
        List.of(config.localDir()), List.of(config.logDir()), config.localDir().resolveSibling("health"), clock));
    health.start();
    updater = new NodeStatusUpdater(new NodeStatusUpdater.NodeInfo(nodeId, httpAddress,
        config.capability(), config.logDir()), rm, containers, monitor::utilization, containerKeys, nmTokenKeys,
        trigger, () -> {
          // Told to shut down (refused or decommissioned): no NodeManager will come back for these containers.
          containers.stopContainersOnClose();
          close();
        }, config.rmRetryInterval(), config.rmRetryInterval(), config.rpcTimeout(), !config.recoveryEnabled(),
        health::current, () -> aggregator.map(LogAggregator::reports).orElse(List.of()));
    closer.register(updater);
    closer.register(containers);
    closer.register(monitor);
    // Closed before the containers: no claim races their stop, and idle JVMs die with the node.
    closer.register(warmJvms);
    synchronized (this) {
      this.warmJvms = warmJvms;
    }
    if (store instanceof NmStateStore recoveryStore) {
      // Before any new container starts (the orphan scan must not take it for one) and before the RM
      // hears of this node, so that its registration names every container it still has.
      ContainerRecovery.recover(recoveryStore.load(), containers, config.localDir().resolve("usercache"));
    }
    registry.add(ServerInterceptors.intercept(new ContainerManagementRpc(containers,
        new ContainerTokenVerifier(containerKeys, nodeId, clock), new NmTokenVerifier(nmTokenKeys, nodeId, clock),
        new ContainerLogs(config.logDir())), new ErrorMappingInterceptor(), new NmTokenHeader()));
    web.start(new NmWebApp.NodeFacts(nodeId, httpAddress, clock.instant(), this::isRegistered, health::current,
        monitor.pmemCheckEnabled(), warmJvms::stats), containers, applications, config.logDir(),
        new LogReaders(config.logReaders(), logReaderTokens()));
    monitor.start();
    awaitJvmsPrepared(jvmsPrepared);
    LOG.info("NodeManager {} serving on {} (web {}://{}/node) with {}, local dir {}, log dir {}, recovery {}",
        nodeId, server.address(), config.tls().scheme(), httpAddress, config.capability(), config.localDir(), config.logDir(),
        config.recoveryDir().map(dir -> "on (store " + dir + ")").orElse("off"));
    updater.start();
    // After the node is up: the pool fills in the background, and the NodeManager's start does not wait for it.
    warmJvms.start();
  }

  /**
   * Before the RM hears of this node: the first application on a fresh installation should start as
   * fast as the hundredth (the class-data-sharing archive of Weft's JVMs, docs/startup.md). Bounded:
   * past {@link #JVMS_PREPARED_WAIT} the node joins anyway and its launches run without the archive
   * until the dump lands.
   */
  private static void awaitJvmsPrepared(CompletableFuture<Void> prepared) {
    try {
      prepared.get(JVMS_PREPARED_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("the class-data-sharing archive of Weft's JVMs is not ready after {} s; joining without it",
          JVMS_PREPARED_WAIT.toSeconds());
    } catch (ExecutionException e) {
      throw new IllegalStateException("preparing Weft's JVMs failed", e); // prepare() never completes exceptionally
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing Weft's JVMs", e);
    }
  }

  /** Checked before anything binds, like the limits: a host that cannot run containers as configured must not join. */
  private ContainerExecutor containerExecutor() {
    if (config.linuxExecutor().isEmpty()) {
      return new DefaultContainerExecutor();
    }
    try {
      return LinuxContainerExecutor.open(config.linuxExecutor().get(), List.of(config.localDir(), config.logDir()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up running containers as their users: " + e.getMessage(), e);
    }
  }

  private void createDirectories() {
    try {
      Files.createDirectories(config.localDir());
      Files.createDirectories(config.logDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create NodeManager directories " + config.localDir() + " and "
          + config.logDir() + ": " + e.getMessage(), e);
    }
  }

  /** This node's id: the advertised host and the real bound port. Valid after {@link #start()}. */
  public synchronized NodeId nodeId() {
    if (nodeId == null) {
      throw new IllegalStateException("NodeManager is not started");
    }
    return nodeId;
  }

  /** The bound address of the node's web server (real port when configured with 0). Valid after {@link #start()}. */
  public synchronized HostPort webAddress() {
    if (webAddress == null) {
      throw new IllegalStateException("NodeManager is not started");
    }
    return webAddress;
  }

  /** The root of container logs: {@code <logDir>/<app>/<container>/stdout}. */
  public Path logDir() {
    return config.logDir();
  }

  public Path localDir() {
    return config.localDir();
  }

  /** True once the RM has accepted this node's registration (and until a resync or close). */
  public boolean isRegistered() {
    NodeStatusUpdater u;
    synchronized (this) {
      u = updater;
    }
    return u != null && u.isRegistered();
  }

  /** The container manager, for tests in this package. */
  synchronized ContainerManager containers() {
    return containers;
  }

  /** What the warm JVM pool has done and holds. Valid after {@link #start()}. */
  public synchronized WarmJvmPool.Stats warmJvms() {
    if (warmJvms == null) {
      throw new IllegalStateException("NodeManager is not started");
    }
    return warmJvms.stats();
  }

  /** The warm JVM pool, for tests in this package. */
  synchronized WarmJvmPool warmJvmPool() {
    return warmJvms;
  }

  /** The container monitor, for tests in this package. */
  synchronized ContainerMonitor monitor() {
    return monitor;
  }

  /** Blocks until this NodeManager has been closed (by {@link #close()} or the RM's SHUTDOWN). */
  public void awaitClosed() throws InterruptedException {
    closedLatch.await();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    LOG.info("NodeManager {} shutting down", nodeId);
    closer.close();
    LOG.info("NodeManager {} stopped", nodeId);
    closedLatch.countDown();
  }

  /** With token authentication, who a bearer token on the log pages belongs to, as the RM says (closed with the node). */
  private BearerTokens logReaderTokens() {
    return config.logReaders().authentication() == Authentication.TOKEN
        ? closer.register(new BearerTokens(Channels.forResourceManagers(config.rmAddresses(),
            config.tls().channelCredentials()), config.rpcTimeout()))
        : BearerTokens.none();
  }
}
