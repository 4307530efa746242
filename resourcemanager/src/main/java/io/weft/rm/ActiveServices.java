package io.weft.rm;

import static java.util.Objects.requireNonNull;

import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Closer;
import io.weft.common.rpc.WeftException;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceTypes;
import io.weft.rm.app.AttemptFailures;
import io.weft.rm.config.RmKeys;
import io.weft.rm.core.RmCore;
import io.weft.rm.core.RmSettings;
import io.weft.rm.ha.HaAdmin;
import io.weft.rm.node.NodeHostsFiles;
import io.weft.rm.queue.QueueSource;
import io.weft.common.security.Authentication;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.rm.auth.Access;
import io.weft.rm.auth.AdminAclRefresh;
import io.weft.rm.auth.Administrators;
import io.weft.rm.auth.AppPermissions;
import io.weft.rm.auth.Authenticator;
import io.weft.rm.auth.TokenBootstrap;
import io.weft.rm.auth.UserTokens;
import io.weft.rm.queue.Acl;
import io.weft.rm.rpc.AdminAclInterceptor;
import io.weft.rm.rpc.AdminService;
import io.weft.rm.rpc.AmService;
import io.weft.rm.rpc.AmrmTokenInterceptor;
import io.weft.rm.rpc.CallerInterceptor;
import io.weft.rm.rpc.ClientService;
import io.weft.rm.rpc.SubmittingHosts;
import io.weft.rm.rpc.TrackingCertificates;
import io.weft.rm.rpc.GrpcNodeClient;
import io.weft.rm.rpc.MasterKeyRoller;
import io.weft.rm.rpc.NodeChannels;
import io.weft.rm.rpc.StagingGrpcService;
import io.weft.rm.rpc.TokenIssuer;
import io.weft.rm.rpc.NodeCertificateInterceptor;
import io.weft.rm.rpc.RegisteringPeer;
import io.weft.rm.rpc.TrackerService;
import io.weft.rm.rpc.UserTokenGrpcService;
import io.weft.rm.scheduler.CapacityScheduler;
import io.weft.rm.scheduler.PlacementPolicy;
import io.weft.rm.scheduler.RackMapping;
import io.weft.rm.scheduler.SchedulerSettings;
import io.weft.rm.staging.StagingStore;
import io.weft.rm.store.RecoveredState;
import io.weft.rm.store.RmIdentity;
import io.weft.rm.store.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What an active ResourceManager runs, without its ports: the state store, the core recovered from
 * it, the channels to the NodeManagers, the time-driven monitor and the gRPC services over them. Built
 * once per time the RM becomes active; closed when it stops being active, while its ports stay up.
 */
public final class ActiveServices implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();
  private final StateStore store;
  private final RmCore core;
  private final GrpcNodeClient nodeClient;
  private final ClientService clientService;
  private final TrackerService trackerService;
  private final Access access;
  /** Who calls, then the admin ACL (getServiceState open to every caller): for the admin calls. */
  private final io.grpc.ServerInterceptor adminGuard;
  private final SubmittingHosts submittingHosts = new SubmittingHosts();
  private final TrackingCertificates trackingCertificates = new TrackingCertificates();
  private final NodeHostsFiles nodeHosts;
  private final MasterKeyRoller keyRoller;
  private final StagingStore staging;
  private static final Duration STAGING_SWEEP = Duration.ofSeconds(2);
  private final Duration tickInterval;
  private final Clock clock;
  private final long clusterTimestamp;
  private final BindableService[] services;
  private final Closer closer = new Closer();
  /** What the store held, recovered into the core at start. */
  private RecoveredState saved;
  private int recovered;
  private boolean started;
  private boolean closed;

  /**
   * Loads {@code store} (which this then owns and closes, also when building fails) and builds the
   * core over it. {@code address} is the RM's own gRPC address, named in the tokens' service field.
   */
  public ActiveServices(WeftConfig config, Clock clock, NodeChannels nodeChannels, StateStore store,
      String webBaseUrl, Supplier<HostPort> address, HaAdmin ha) {
    this.store = requireNonNull(store);
    this.clock = requireNonNull(clock);
    try {
      RmSettings settings = settings(config, webBaseUrl);
      SchedulerSettings schedulerSettings = schedulerSettings(config);
      this.tickInterval = settings.nodeExpiry().dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0
          ? settings.nodeExpiry().dividedBy(2) : Duration.ofSeconds(1);
      this.saved = store.load();
      RmIdentity identity = saved.identity().map(RmIdentity::restarted)
          .orElseGet(() -> RmIdentity.create(clock.instant()));
      store.storeIdentity(identity);
      this.clusterTimestamp = identity.clusterTimestamp();
      Duration rollingInterval = rollingInterval(config, settings);
      Duration activationDelay = MasterKeyRoller.activationDelay(settings.heartbeatInterval());
      TokenIssuer tokens = new TokenIssuer(identity, clock, settings.containerAllocationExpiry(),
          MasterKeyRoller.nmTokenLifetime(rollingInterval, activationDelay));
      this.keyRoller = new MasterKeyRoller(store, tokens, identity, clock, rollingInterval, activationDelay);
      Supplier<String> addressesForAms = GrpcNodeClient.addressesForAms(config, address);
      this.nodeClient = new GrpcNodeClient(nodeChannels, tokens, addressesForAms, config.get(CommonKeys.RPC_TIMEOUT));
      Authentication authentication = Authentication.of(config);
      Acl admins = administratorsNow(config, authentication);
      Administrators administrators = new Administrators(admins);
      UserTokens userTokens = new UserTokens(store, clock);
      if (authentication == Authentication.TOKEN) {
        TokenBootstrap.ensureFirstToken(config, userTokens, admins);
      }
      this.access = new Access(new Authenticator(authentication, userTokens),
          new AppPermissions(authentication, config.get(RmKeys.ACL_ENABLE), administrators));
      String queueFile = config.get(RmKeys.QUEUE_FILE);
      // With authenticated users, YARN's root default of * would let every user kill every application.
      QueueSource queues = new QueueSource(config.asMap(),
          queueFile.isBlank() ? Optional.empty() : Optional.of(Path.of(queueFile)),
          authentication.verifiesUsers() ? admins : Acl.ALL);
      this.core = new RmCore(settings, clock, store, nodeClient, new CapacityScheduler(schedulerSettings),
          queues.load(), clusterTimestamp, identity.epoch());
      this.nodeHosts = NodeHostsFiles.of(config.get(RmKeys.NODES_INCLUDE_PATH), config.get(RmKeys.NODES_EXCLUDE_PATH));
      this.staging = new StagingStore(RmKeys.stagingDir(config), config.get(RmKeys.STAGING_RETENTION));
      StagingGrpcService stagingService = new StagingGrpcService(staging, tokens);
      AmrmTokenInterceptor amrm = new AmrmTokenInterceptor(tokens);
      AmService amService = new AmService(core, tokens, clock, trackingCertificates);
      this.clientService = new ClientService(core, access.permissions(),
          config.get(CommonKeys.TLS_ENABLED) ? "https" : "http",
          attempt -> tokens.amrmToken(attempt, addressesForAms.get()).toByteArray());
      CallerInterceptor caller = new CallerInterceptor(access.authenticator());
      AdminService adminService = new AdminService(core, queues, nodeHosts, ha,
          new AdminAclRefresh(config, authentication, administrators));
      this.adminGuard = new AdminAclInterceptor(administrators, Set.of(
          ResourceManagerAdministrationServiceGrpc.getGetServiceStateMethod().getFullMethodName())).after(caller);
      UserTokenGrpcService tokenService = new UserTokenGrpcService(userTokens);
      this.trackerService = new TrackerService(core, tokens);
      this.services = new BindableService[] {
          () -> ServerInterceptors.intercept(clientService, caller, submittingHosts),
          () -> ServerInterceptors.intercept(stagingService, caller, StagingGrpcService.credentials()),
          () -> ServerInterceptors.intercept(amService, amrm),
          trackerService(trackerService, config.get(CommonKeys.TLS_ENABLED)),
          () -> ServerInterceptors.intercept(adminService, adminGuard),
          () -> ServerInterceptors.intercept(tokenService, new AdminAclInterceptor(administrators, Set.of()).after(caller))};
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * weft.admin.acl as the site file says now, as YARN's refreshAll on becoming active: an RM that takes over
   * applies what {@code rmadmin -refreshAdminAcls} made the old active apply, not what the file said when this
   * one started. A file that cannot be read again leaves the ACL this RM started with, loudly.
   */
  private static Acl administratorsNow(WeftConfig config, Authentication authentication) {
    try {
      return AppPermissions.administrators(config.reloaded(), authentication);
    } catch (RuntimeException e) {
      LOG.warn("cannot read {} again for {} ({}); the administrators are those this ResourceManager started with",
          config.siteFile().map(Object::toString).orElse("the site file"), RmKeys.ADMIN_ACL.key(), e.getMessage());
      return AppPermissions.administrators(config, authentication);
    }
  }

  /** With TLS only NodeManagers, proven by their certificates, may register and heartbeat, each for its own host. */
  private static BindableService trackerService(TrackerService tracker, boolean tls) {
    return tls ? () -> ServerInterceptors.intercept(tracker, new RegisteringPeer(), new NodeCertificateInterceptor())
        : () -> ServerInterceptors.intercept(tracker, new RegisteringPeer());
  }

  /** Fails naming the key when a setting of the active services is wrong, before anything is opened. */
  static void validate(WeftConfig config) {
    rollingInterval(config, settings(config, "http://validating"));
    schedulerSettings(config);
  }

  /** The master-key rolling interval; it must leave room for the next key to reach every NodeManager first. */
  static Duration rollingInterval(WeftConfig config, RmSettings settings) {
    Duration interval = Duration.ofSeconds(config.get(RmKeys.MASTER_KEY_ROLLING_INTERVAL));
    Duration delay = MasterKeyRoller.activationDelay(settings.heartbeatInterval());
    if (interval.compareTo(delay) <= 0) {
      throw new ConfigException("configuration " + RmKeys.MASTER_KEY_ROLLING_INTERVAL.key() + "="
          + interval.toSeconds() + " is too short: a new key is handed to NodeManagers 4 heartbeat intervals ("
          + delay.toMillis() + " ms with " + RmKeys.NM_HEARTBEAT_INTERVAL.key() + "="
          + settings.heartbeatInterval().toMillis() + ") before it signs, so the interval must be longer");
    }
    return interval;
  }

  static RmSettings settings(WeftConfig config, String webBaseUrl) {
    ResourceTypes types = ResourceTypes.parse(config.get(CommonKeys.RESOURCE_TYPES), CommonKeys.RESOURCE_TYPES.key());
    return new RmSettings(
        Resource.of(config.get(RmKeys.MINIMUM_ALLOCATION_MB), config.get(RmKeys.MINIMUM_ALLOCATION_VCORES)),
        ConfiguredMaximum.of(config, types),
        config.get(RmKeys.AM_MAX_ATTEMPTS), config.get(RmKeys.NM_HEARTBEAT_INTERVAL), config.get(RmKeys.NM_EXPIRY),
        config.get(RmKeys.AM_FINISHING_TIMEOUT), config.get(RmKeys.ALLOCATE_MAX_WAIT),
        webBaseUrl + "/proxy/", config.get(RmKeys.MAX_COMPLETED_APPLICATIONS),
        config.get(RmKeys.CONTAINER_ALLOCATION_EXPIRY), config.get(RmKeys.NODE_REMOVAL_TIMEOUT),
        Duration.ofSeconds(config.get(RmKeys.GRACEFUL_DECOMMISSION_TIMEOUT)),
        new AttemptFailures(Duration.ofMillis(Math.max(0, config.get(RmKeys.AM_ATTEMPT_FAILURES_VALIDITY_INTERVAL)))),
        config.get(RmKeys.AM_LIVENESS_EXPIRY), types);
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
      throw new ConfigException("configuration " + RmKeys.PLACEMENT.key() + "=" + text
          + " is not a placement policy; use spread or pack");
    }
  }

  /** Recovers what the store held into the core, then starts the monitor; the services answer from then on. */
  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    try {
      closer.register(store);
      closer.register(core);
      closer.register(nodeClient);
      closer.register(clientService); // closed first: its watches end before the core stops
      closer.register(trackerService); // so do the nodes' heartbeat streams, which then fail over
      // labels first, so recovered nodes' containers count in their partitions from the first pass
      core.restoreNodeLabels(store.loadNodeLabels()).join();
      recovered = core.recover(saved).join();
      // Before any node registers: an excluded node is refused from the start.
      core.refreshNodes(nodeHosts.read(), false, null).join();
      saved = null;
      ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rm-monitor");
        t.setDaemon(true);
        return t;
      });
      closer.register(monitor::shutdownNow);
      monitor.scheduleWithFixedDelay(core::tick, tickInterval.toMillis(), tickInterval.toMillis(),
          TimeUnit.MILLISECONDS);
      monitor.scheduleWithFixedDelay(this::rollKeys, 0, tickInterval.toMillis(), TimeUnit.MILLISECONDS);
      monitor.scheduleWithFixedDelay(this::sweepStaging, STAGING_SWEEP.toMillis(), STAGING_SWEEP.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Deletes the staged files of applications that ended, and orphans past their retention. */
  private void sweepStaging() {
    try {
      staging.sweep(this::ended, clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("could not sweep the staging directory (trying again): {}", e.getMessage());
    }
  }

  /** Whether {@code app} has ended; empty when the RM does not know it. */
  private Optional<Boolean> ended(ApplicationId app) {
    try {
      return Optional.of(core.report(app).join().state().isFinal());
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof WeftException w && w.code() == WeftException.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void rollKeys() {
    try {
      keyRoller.check();
    } catch (RuntimeException e) {
      // The old keys keep working; the roll is tried again on the next tick.
      LOG.warn("could not roll the master keys (trying again): {}", e.getMessage());
    }
  }

  public RmCore core() {
    return core;
  }

  /** Where each application was submitted from (a client-mode driver's host), for the web proxy. */
  public SubmittingHosts submittingHosts() {
    return submittingHosts;
  }

  /** The certificates AMs registered for their https tracking URLs (the proxy trusts them). */
  public TrackingCertificates trackingCertificates() {
    return trackingCertificates;
  }

  public long clusterTimestamp() {
    return clusterTimestamp;
  }

  /** The admin calls' guard, for the HA admin calls an HA RM answers apart from these services. */
  public io.grpc.ServerInterceptor adminGuard() {
    return adminGuard;
  }

  /** Who calls, and what they may do: for the web, over the same tokens as the gRPC services. */
  public Access access() {
    return access;
  }

  /** How many applications {@link #start} recovered from the store. */
  public int recovered() {
    return recovered;
  }

  public String storeName() {
    return store.name();
  }

  public BindableService[] services() {
    return services.clone();
  }

  /** Closes the monitor, the node channels, the core and the store, in that order. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!started) {
      store.close();
    }
    closer.close();
  }
}
