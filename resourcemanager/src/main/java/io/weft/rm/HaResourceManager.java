package io.weft.rm;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.ServerAddress;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.security.Authentication;
import io.weft.common.security.Exposure;
import io.weft.common.rpc.RpcServer;
import io.weft.common.tls.TlsSettings;
import io.weft.common.web.WebTimeouts;
import io.weft.rm.ha.HaController;
import io.weft.rm.ha.HaKeys;
import io.weft.rm.ha.HaPaths;
import io.weft.rm.ha.HaStatus;
import io.weft.rm.ha.RmHaId;
import io.weft.rm.ha.ZkClientTls;
import io.weft.rm.ha.ZkSecurity;
import io.weft.rm.rpc.HaHandlerRegistry;
import io.weft.rm.rpc.CallThreads;
import io.weft.rm.rpc.NodeChannels;
import io.weft.rm.store.StateStore;
import io.weft.rm.store.StateStoreException;
import io.weft.rm.web.ProxySettings;
import io.weft.rm.web.RmWebApp;
import io.weft.rm.web.WebSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A ResourceManager of an HA cluster ({@code weft.resourcemanager.ha.enabled}): its gRPC and web ports
 * (at {@code weft.resourcemanager.address.<id>} / {@code webapp.address.<id>}) stay up from start to
 * close, while the {@link ActiveServices} exist only while the election makes it active. A standby
 * answers the HA admin calls, redirects web pages, and refuses every other call UNAVAILABLE naming the
 * active RM. The composition root of an HA RM process.
 */
public final class HaResourceManager implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();

  /** Opens this RM's state store each time it becomes active ({@link StateStores#open(WeftConfig, CuratorFramework, String, Consumer)}). */
  interface StoreOpener {
    StateStore open(WeftConfig config, CuratorFramework zk, String rmId, Consumer<String> onFenced);
  }

  private final WeftConfig config;
  private final Clock clock;
  private final NodeChannels nodeChannels;
  private final StoreOpener stores;
  private final String self;
  private final RmWebApp web;
  private final HaHandlerRegistry registry;
  private final ServerAddress rpc;
  private final RpcServer server;
  private final CuratorFramework zk;
  private final HaController controller;
  private final WebSettings webSettings;
  private final ZkSecurity zkSecurity;
  private final ZkClientTls zkTls;
  private final HaPaths paths;
  /** The active services while active; HA thread only. */
  private volatile ActiveServices active;
  private boolean started;
  private boolean closed;

  public HaResourceManager(WeftConfig config) {
    this(config, TlsSettings.forDaemon(config));
  }

  private HaResourceManager(WeftConfig config, TlsSettings tls) {
    this(config, Clock.systemUTC(), tls, NodeChannels.netty(tls.channelCredentials()), StateStores::open);
  }

  HaResourceManager(WeftConfig config, Clock clock, NodeChannels nodeChannels, StoreOpener stores) {
    this(config, clock, TlsSettings.forDaemon(config), nodeChannels, stores);
  }

  /** {@code tls} is read once, here: the PEM files are parsed for the NM channels and the servers alike. */
  private HaResourceManager(WeftConfig config, Clock clock, TlsSettings tls, NodeChannels nodeChannels,
      StoreOpener stores) {
    this.config = requireNonNull(config);
    this.clock = requireNonNull(clock);
    this.nodeChannels = requireNonNull(nodeChannels);
    this.stores = requireNonNull(stores);
    this.self = RmHaId.of(config);
    List<RmEndpoints.Endpoint> endpoints = RmEndpoints.of(config);
    RmEndpoints.Endpoint mine = endpoints.stream().filter(e -> e.id().equals(self)).findFirst().orElseThrow();
    String zkAddress = config.get(HaKeys.ZK_ADDRESS).strip();
    if (zkAddress.isEmpty()) {
      throw new ConfigException("HA needs " + HaKeys.ZK_ADDRESS.key() + ": set it to the ZooKeeper ensemble, "
          + "host:port[,host:port...]");
    }
    HaPaths paths = HaPaths.of(config);
    // fail on a bad value before a port is bound
    ActiveServices.validate(config);
    this.webSettings = WebSettings.from(config);
    Duration zkTimeout = config.get(HaKeys.ZK_TIMEOUT);
    int timeoutMs = (int) zkTimeout.toMillis();
    this.zkSecurity = ZkSecurity.of(config);
    this.paths = paths;
    this.zkTls = ZkClientTls.of(config);
    this.zk = zkTls.applyTo(zkSecurity.applyTo(CuratorFrameworkFactory.builder().connectString(zkAddress)
        .sessionTimeoutMs(timeoutMs).connectionTimeoutMs(timeoutMs)
        .retryPolicy(new BoundedExponentialBackoffRetry(100, timeoutMs, 10)), paths)).build();
    logZkSecurity(zkSecurity, paths);
    this.controller = new HaController(self, endpoints, zkAddress, zkTimeout, paths, zk, new Roles());
    // The HA admin calls of an active RM pass its admin guard; a standby knows no tokens and answers them
    // as before (its transitionToStandby changes nothing).
    this.registry = new HaHandlerRegistry(controller, new io.grpc.ServerInterceptor() {
      @Override
      public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call,
          io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, R> next) {
        ActiveServices serving = active;
        return serving == null ? next.startCall(call, headers)
            : serving.adminGuard().interceptCall(call, headers, next);
      }
    });
    try {
      this.web = RmWebApp.bind(mine.webServer(config.get(CommonKeys.RM_BIND_HOST)), WebTimeouts.from(config), tls, ProxySettings.from(config), clock,
          controller::status).handlersAtPriority(config);
    } catch (RuntimeException e) {
      controller.close();
      zkTls.close();
      throw e;
    }
    try {
      this.rpc = mine.rpcServer(config.get(CommonKeys.RM_BIND_HOST));
      this.server = RpcServer.on(CallThreads.serverBuilder(rpc.bind(), tls.serverCredentials())
          .fallbackHandlerRegistry(registry), rpc.advertisedHost(), List.of());
    } catch (RuntimeException e) {
      web.close();
      controller.close();
      zkTls.close();
      throw e;
    }
  }

  private void logZkSecurity(ZkSecurity zkSecurity, HaPaths paths) {
    if (zkSecurity.readableByAnyone() && config.get(CommonKeys.TLS_ENABLED)) {
      LOG.warn("ResourceManager {}: the state store at {} (master keys, user tokens) is readable by anyone who reaches "
          + "ZooKeeper ({}={})", self, paths.store(), HaKeys.ZK_ACL.key(), zkSecurity.describe());
    } else {
      LOG.info("ResourceManager {}: znodes under {} get ACL {}; {} credential(s) for ZooKeeper, {}", self,
          paths.cluster(), zkSecurity.describe(), zkSecurity.auth().size(), zkTls.enabled() ? "over TLS" : "plaintext");
    }
  }

  /** Opens the ports (serving as standby) and joins the election; returns without waiting for ZooKeeper. */
  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    try {
      web.standby();
      web.listen();
      server.start();
      controller.start();
      LOG.info("ResourceManager {} (HA) listening on {}, web console at {}; joining the election", self,
          server.address(), web.baseUrl());
      Authentication authentication = Authentication.of(config);
      boolean tls = config.get(CommonKeys.TLS_ENABLED);
      Exposure.warnIfOpen(LOG, "ResourceManager's RPC server", rpc.bind(), authentication, tls);
      Exposure.warnIfOpen(LOG, "ResourceManager's web server", web.boundAddress(), authentication, tls);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public String id() {
    return self;
  }

  public HaStatus status() {
    return controller.status();
  }

  /** The bound gRPC address. */
  public HostPort address() {
    return server.address();
  }

  /** The bound web address. */
  public HostPort webAddress() {
    return web.address();
  }

  /** Hands over to another RM (as {@code rmadmin -transitionToStandby}); waits until this RM is standby. */
  public HaStatus transitionToStandby() {
    return controller.transitionToStandby().join();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    controller.close();
    zkTls.close();
    server.close();
    web.close();
    LOG.info("ResourceManager {} (HA) stopped", self);
  }

  /** What becoming active and standby does to this RM; called on the HA thread. */
  private final class Roles implements HaController.Roles {
    @Override
    public void becomeActive(Consumer<String> onFenced) {
      long recoveryStart = System.nanoTime();
      protectZooKeeperState();
      ActiveServices services = new ActiveServices(config, clock, nodeChannels, stores.open(config, zk, self, onFenced),
          web.baseUrl(), HaResourceManager.this::address, controller);
      try {
        services.start();
      } catch (RuntimeException e) {
        services.close();
        throw e;
      }
      active = services;
      registry.serve(List.of(services.services()));
      web.serve(services.core(), services.access(), webSettings, services.submittingHosts(),
          services.trackingCertificates());
      LOG.info("ResourceManager {} active: cluster {}, state store {} ({} application(s) recovered in {} ms)", self,
          services.clusterTimestamp(), services.storeName(), services.recovered(),
          (System.nanoTime() - recoveryStart) / 1_000_000);
    }

    /** Before the store is read: a store written before zk-auth / zk-acl were set gets this RM's ACL. */
    private void protectZooKeeperState() {
      try {
        zkSecurity.protect(zk, paths);
      } catch (Exception e) {
        throw new StateStoreException("cannot set ACL " + zkSecurity.describe() + " on the cluster's znodes under "
            + paths.cluster() + ": " + e, e);
      }
    }

    @Override
    public void becomeStandby() {
      // no new call reaches the old core once it is closing
      registry.standby();
      web.standby();
      if (active != null) {
        active.close();
        active = null;
      }
    }
  }
}
