package io.weft.rm;

import static java.util.Objects.requireNonNull;

import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Closer;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.RpcServer;
import io.weft.common.security.MasterKey;
import io.weft.rm.core.RmCore;
import io.weft.rm.core.RmSettings;
import io.weft.rm.rpc.AmService;
import io.weft.rm.rpc.AmrmTokenInterceptor;
import io.weft.rm.rpc.CallerInterceptor;
import io.weft.rm.rpc.ClientService;
import io.weft.rm.rpc.GrpcNodeClient;
import io.weft.rm.rpc.NodeChannels;
import io.weft.rm.rpc.StagingGrpcService;
import io.weft.rm.rpc.TokenIssuer;
import io.weft.rm.rpc.TrackerService;
import io.weft.rm.queue.QueueSource;
import io.weft.rm.rpc.AdminService;
import io.weft.rm.scheduler.CapacityScheduler;
import io.weft.rm.scheduler.PlacementPolicy;
import io.weft.rm.scheduler.RackMapping;
import io.weft.rm.scheduler.SchedulerSettings;
import java.util.Locale;
import java.util.Optional;
import io.weft.rm.staging.StagingStore;
import io.weft.rm.store.RecoveredState;
import io.weft.rm.store.RmIdentity;
import io.weft.rm.store.StateStore;
import io.weft.rm.queue.Acl;
import io.weft.rm.web.RmWebApp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The ResourceManager: one gRPC server with the client, staging, ApplicationMaster and resource
 * tracker services over the single-writer RM core. The composition root of the RM process.
 */
public final class ResourceManager implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();

  private final long clusterTimestamp;
  private final HostPort bind;
  private final RmCore core;
  private final StateStore store;
  /** What the store held at construction, recovered into the core at start. */
  private RecoveredState saved;
  private final GrpcNodeClient nodeClient;
  private final BindableService[] services;
  private final Closer closer = new Closer();
  private final Duration tickInterval;
  private final RmWebApp web;
  private final boolean aclEnabled;
  private final Acl adminAcl;
  private RpcServer server;
  private ScheduledExecutorService monitor;
  private boolean started;
  private boolean closed;

  public ResourceManager(WeftConfig config) {
    this(config, Clock.systemUTC());
  }

  /** With an injected clock, for tests of time-driven behaviour (liveness, timeouts). */
  public ResourceManager(WeftConfig config, Clock clock) {
    this(config, clock, NodeChannels.netty());
  }

  ResourceManager(WeftConfig config, Clock clock, NodeChannels nodeChannels) {
    requireNonNull(config);
    requireNonNull(clock);
    this.bind = HostPort.parse(config.get(CommonKeys.RM_ADDRESS), CommonKeys.RM_ADDRESS.key());
    // Bound first, so that tracking URLs name the real web address (port 0 = ephemeral).
    this.web = RmWebApp.bind(HostPort.parse(config.get(CommonKeys.RM_WEBAPP_ADDRESS),
        CommonKeys.RM_WEBAPP_ADDRESS.key()), clock);
    this.aclEnabled = config.get(RmKeys.ACL_ENABLE);
    this.adminAcl = Acl.parse(config.get(RmKeys.ADMIN_ACL));
    RmSettings settings;
    SchedulerSettings schedulerSettings;
    try {
      settings = settings(config, web.baseUrl());
      schedulerSettings = schedulerSettings(config);
    } catch (RuntimeException e) {
      web.close();
      throw e;
    }
    this.tickInterval = settings.nodeExpiry().dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0
        ? settings.nodeExpiry().dividedBy(2) : Duration.ofSeconds(1);
    RmIdentity identity;
    try {
      this.store = StateStores.open(config);
      this.saved = store.load();
      identity = saved.identity().map(RmIdentity::restarted)
          .orElseGet(() -> new RmIdentity(clock.millis(), 0, MasterKey.generate(), MasterKey.generate()));
      store.storeIdentity(identity);
    } catch (RuntimeException e) {
      web.close();
      throw e;
    }
    this.clusterTimestamp = identity.clusterTimestamp();
    TokenIssuer tokens = new TokenIssuer(identity.containerKey(), identity.amrmKey(), clock, clusterTimestamp,
        settings.containerAllocationExpiry());
    this.nodeClient = new GrpcNodeClient(nodeChannels, tokens, this::address, config.get(CommonKeys.RPC_TIMEOUT));
    String queueFile = config.get(RmKeys.QUEUE_FILE);
    QueueSource queues = new QueueSource(config.asMap(),
        queueFile.isBlank() ? Optional.empty() : Optional.of(Path.of(queueFile)));
    this.core = new RmCore(settings, clock, store, nodeClient, new CapacityScheduler(schedulerSettings),
        queues.load(), clusterTimestamp, identity.epoch());
    StagingStore staging = new StagingStore(RmKeys.stagingDir(config));
    AmrmTokenInterceptor amrm = new AmrmTokenInterceptor(tokens);
    AmService amService = new AmService(core, tokens);
    this.services = new BindableService[] {
        () -> ServerInterceptors.intercept(new ClientService(core), new CallerInterceptor()),
        new StagingGrpcService(staging),
        () -> ServerInterceptors.intercept(amService, amrm),
        new TrackerService(core, tokens),
        new AdminService(core, queues)};
  }

  static RmSettings settings(WeftConfig config, String webBaseUrl) {
    return new RmSettings(
        Resource.of(config.get(RmKeys.MINIMUM_ALLOCATION_MB), config.get(RmKeys.MINIMUM_ALLOCATION_VCORES)),
        Resource.of(config.get(RmKeys.MAXIMUM_ALLOCATION_MB), config.get(RmKeys.MAXIMUM_ALLOCATION_VCORES)),
        config.get(RmKeys.AM_MAX_ATTEMPTS), config.get(RmKeys.NM_HEARTBEAT_INTERVAL), config.get(RmKeys.NM_EXPIRY),
        config.get(RmKeys.AM_FINISHING_TIMEOUT), config.get(RmKeys.ALLOCATE_MAX_WAIT),
        webBaseUrl + "/proxy/", config.get(RmKeys.MAX_COMPLETED_APPLICATIONS),
        config.get(RmKeys.CONTAINER_ALLOCATION_EXPIRY));
  }

  static SchedulerSettings schedulerSettings(WeftConfig config) {
    return new SchedulerSettings(placement(config), config.get(RmKeys.NODE_LOCALITY_DELAY),
        config.get(RmKeys.RACK_LOCALITY_DELAY), config.get(RmKeys.RESERVATION_MIN_NODE_PERCENT) / 100.0,
        config.get(RmKeys.PREEMPTION), config.get(RmKeys.PREEMPTION_GRACE),
        RackMapping.parse(config.get(RmKeys.RACKS), RmKeys.RACKS.key()));
  }

  static PlacementPolicy placement(WeftConfig config) {
    String text = config.get(RmKeys.PLACEMENT);
    try {
      return PlacementPolicy.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new io.weft.common.config.ConfigException("configuration " + RmKeys.PLACEMENT.key() + "=" + text
          + " is not a placement policy; use spread or pack");
    }
  }

  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    try {
      closer.register(web);
      closer.register(store);
      closer.register(core);
      closer.register(nodeClient);
      long recoveryStart = System.nanoTime();
      int recovered = core.recover(saved).join();
      saved = null;
      long recoveryMs = (System.nanoTime() - recoveryStart) / 1_000_000;
      server = closer.start(RpcServer.netty(bind, List.of(), services));
      monitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rm-monitor");
        t.setDaemon(true);
        return t;
      });
      closer.register(monitor::shutdownNow);
      monitor.scheduleWithFixedDelay(core::tick, tickInterval.toMillis(), tickInterval.toMillis(),
          TimeUnit.MILLISECONDS);
      web.start(core, aclEnabled, adminAcl);
      LOG.info("ResourceManager {} serving on {}, web console at {}; state store {} ({} application(s) recovered "
          + "in {} ms)", clusterTimestamp, server.address(), web.baseUrl(), store.name(), recovered, recoveryMs);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The bound gRPC address (the real port when configured with port 0). */
  public HostPort address() {
    RpcServer s = server;
    if (s == null) {
      throw new IllegalStateException("the ResourceManager is not started");
    }
    return s.address();
  }

  /** The bound address of the web console and REST API (the real port when configured with port 0). */
  public HostPort webAddress() {
    return web.address();
  }

  public long clusterTimestamp() {
    return clusterTimestamp;
  }

  /** The services, for serving the same RM in-process in tests. */
  BindableService[] services() {
    return services.clone();
  }

  /** Runs the time-driven checks now (tests with a fake clock). */
  void tick() {
    core.tick().join();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closer.close();
    LOG.info("ResourceManager {} stopped", clusterTimestamp);
  }
}
