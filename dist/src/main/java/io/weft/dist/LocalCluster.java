package io.weft.dist;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Closer;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.lifecycle.Poll;
import io.weft.common.rpc.StablePorts;
import io.weft.common.security.Authentication;
import io.weft.history.HistoryKeys;
import io.weft.history.HistoryServer;
import io.weft.nm.NmConfig;
import io.weft.nm.NmKeys;
import io.weft.nm.NodeManager;
import io.weft.nm.container.ContainerListener;
import io.weft.rm.ResourceManager;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A history server, a ResourceManager and N NodeManagers in one process, with every container a real OS process:
 * {@code bin/weft local-cluster}, the quickstart and the integration tests all run on this. The NodeManagers
 * aggregate logs to the history server (each has its own log dir; nothing is shared but the network).
 */
public final class LocalCluster implements Lifecycle {
  private final Builder spec;
  private final Closer closer = new Closer();
  private final List<NodeManager> nodeManagers = new ArrayList<>();
  private ResourceManager resourceManager;
  private HistoryServer historyServer;
  /** Null unless secure. */
  private final ClusterCertificates certificates;
  /** The RM's gRPC port: the caller's, or 0 (a free one) unless the history server must know it first. */
  private final int rmPort;

  private LocalCluster(Builder spec) {
    this.spec = spec;
    this.rmPort = spec.rmPort != 0 || Authentication.of(spec.base) != Authentication.TOKEN ? spec.rmPort
        : StablePorts.free(); // the history server starts first and is told where the RM will be
    this.certificates = spec.secure ? ClusterCertificates.make(spec.workDir.resolve("security")) : null;
  }

  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  @Override
  public synchronized void start() {
    if (resourceManager != null) {
      return;
    }
    try {
      // First: the RM and NMs are pointed at its bound address.
      historyServer = closer.start(new HistoryServer(historyServerConfig()));
      resourceManager = closer.start(new ResourceManager(resourceManagerConfig()));
      for (int i = 0; i < spec.nodeManagers; i++) {
        nodeManagers.add(closer.start(new NodeManager(NmConfig.from(nodeManagerConfig(i).validate()),
            Clock.systemUTC(), spec.containerObserver)));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The history server: its store under the work dir, its ports free ones (or the caller's). */
  private WeftConfig historyServerConfig() {
    HistoryKeys.declare();
    WeftConfig config = spec.base
        .with(CommonKeys.HISTORY_ADDRESS, "127.0.0.1:" + spec.historyPort)
        .with(CommonKeys.HISTORY_WEBAPP_ADDRESS, "127.0.0.1:" + spec.historyWebPort)
        .with(HistoryKeys.DIR, spec.workDir.resolve("history").toString());
    if (rmPort != 0) {
      // With token authentication the history server asks the RM whose a token is (its pages, its log store).
      config = config.with(CommonKeys.RM_ADDRESS, "127.0.0.1:" + rmPort);
    }
    // The RM's certificate: names localhost and 127.0.0.1 like every certificate here, and a daemon's role.
    return (certificates == null ? config : certificates.forResourceManager(config)).validate();
  }

  /**
   * The base configuration with the history server's addresses: where every daemon and client finds the store, and
   * where the RM's proxy sends a finished driver's UI.
   */
  private WeftConfig withHistory(WeftConfig config) {
    return config.with(CommonKeys.HISTORY_ADDRESS, historyServer.address().toString())
        .with(CommonKeys.HISTORY_WEBAPP_ADDRESS, historyServer.webAddress().toString());
  }

  /** The cluster's RM: its ports, and staging and state store under the work dir (unless the caller chose a store). */
  private WeftConfig resourceManagerConfig() {
    RmKeys.declare();
    WeftConfig config = withHistory(spec.base)
        .with(CommonKeys.RM_ADDRESS, "127.0.0.1:" + rmPort)
        .with(CommonKeys.RM_WEBAPP_ADDRESS, "127.0.0.1:" + spec.rmWebPort)
        .with(RmKeys.STAGING_DIR, spec.workDir.resolve("rm-staging"));
    if (spec.base.raw(RmKeys.STORE_DIR.key()).isEmpty()) {
      config = config.with(RmKeys.STORE_DIR, spec.workDir.resolve("rm-state"));
    }
    if (certificates != null) {
      config = certificates.forResourceManager(config);
    }
    return config.validate();
  }

  private WeftConfig nodeManagerConfig(int index) {
    Path dir = spec.workDir.resolve("nm-" + index);
    Map<String, String> values = new LinkedHashMap<>();
    values.put(CommonKeys.RM_ADDRESS.key(), resourceManager.address().toString());
    values.put(NmKeys.ADDRESS.key(), "127.0.0.1:0");
    values.put(NmKeys.WEBAPP_ADDRESS.key(), "127.0.0.1:0");
    values.put(NmKeys.MEMORY_MB.key(), Long.toString(spec.nodeMemoryMb));
    values.put(NmKeys.CPU_VCORES.key(), Integer.toString(spec.nodeVcores));
    values.put(NmKeys.LOCAL_DIRS.key(), dir.resolve("local").toString());
    values.put(NmKeys.LOG_DIRS.key(), dir.resolve("logs").toString());
    if (spec.base.raw(NmKeys.LOG_RETAIN_SECONDS.key()).isEmpty()) {
      // A local cluster's logs are on the developer's own disk, where people and tests look at nm-*/logs:
      // kept for a while after they are aggregated (a configured value wins).
      values.put(NmKeys.LOG_RETAIN_SECONDS.key(), "600");
    }
    if (spec.base.raw(NmKeys.WARM_JVMS_ENABLED.key()).isEmpty()) {
      // A local cluster lives for a run or a test: JVMs started ahead for it would mostly compete with its
      // applications for the CPU rather than serve them (a configured value wins; see docs/warm-jvms.md).
      values.put(NmKeys.WARM_JVMS_ENABLED.key(), "false");
    }
    WeftConfig config = withHistory(spec.base).with(values);
    return certificates == null ? config : certificates.forNodeManager(config);
  }

  public HostPort rmAddress() {
    return resourceManager.address();
  }

  /** The RM's bound web console address ({@code http://<this>/cluster}). */
  public HostPort rmWebAddress() {
    return resourceManager.webAddress();
  }

  /** A client configuration that points at this cluster. */
  public WeftConfig clientConfig() {
    WeftConfig config = withHistory(spec.base).with(CommonKeys.RM_ADDRESS, rmAddress());
    return certificates == null ? config : certificates.forClient(config);
  }

  /** The web console's base URL: {@code http://host:port}, or {@code https://} when secure. */
  public String rmWebUrl() {
    return (certificates == null ? "http" : "https") + "://" + rmWebAddress();
  }

  /** The cluster's history server: the aggregated log store ({@code address()}) and its web server. */
  public HistoryServer historyServer() {
    return historyServer;
  }

  public ResourceManager resourceManager() {
    return resourceManager;
  }

  public List<NodeManager> nodeManagers() {
    return List.copyOf(nodeManagers);
  }

  public Path workDir() {
    return spec.workDir;
  }

  /**
   * Waits until every NodeManager holds as many ready warm JVMs of each of its heaps as its pool aims to keep
   * now (docs/warm-jvms.md), as a daemon's do some seconds after it starts; answers how long that took, empty
   * if {@code limit} passed first. Checks every 20 ms: the pools publish no event.
   */
  public Optional<Duration> awaitWarmJvms(Duration limit) throws InterruptedException {
    long start = System.nanoTime();
    return Poll.until(() -> warmJvmsReady() ? Optional.of(Duration.ofNanos(System.nanoTime() - start))
        : Optional.empty(), Duration.ofMillis(20), limit);
  }

  private boolean warmJvmsReady() {
    return nodeManagers().stream().map(NodeManager::warmJvms).allMatch(stats -> stats.targetByHeapMb().entrySet()
        .stream().allMatch(target -> stats.readyByHeapMb().getOrDefault(target.getKey(), 0) >= target.getValue()));
  }

  /** The containers the NodeManagers have started so far in a warm JVM. */
  public long warmLaunches() {
    return nodeManagers().stream().mapToLong(nm -> nm.warmJvms().warmLaunches()).sum();
  }

  @Override
  public synchronized void close() {
    closer.close();
  }

  /** How big the cluster is and where it keeps its files. */
  public static final class Builder {
    private final Path workDir;
    private int nodeManagers = 2;
    private long nodeMemoryMb = 8192;
    private int nodeVcores = 8;
    private int rmPort = 0;
    private int rmWebPort = 0;
    private int historyPort = 0;
    private int historyWebPort = 0;
    private WeftConfig base = WeftConfig.empty();
    private ContainerListener containerObserver = (containerId, state) -> { };
    private boolean secure;

    private Builder(Path workDir) {
      this.workDir = requireNonNull(workDir).toAbsolutePath();
    }

    public Builder nodeManagers(int count) {
      this.nodeManagers = count;
      return this;
    }

    public Builder nodeMemoryMb(long memoryMb) {
      this.nodeMemoryMb = memoryMb;
      return this;
    }

    public Builder nodeVcores(int vcores) {
      this.nodeVcores = vcores;
      return this;
    }

    /** The RM's gRPC port; 0 (the default) picks a free one. */
    public Builder rmPort(int port) {
      this.rmPort = port;
      return this;
    }

    /** The RM's web console port; 0 (the default) picks a free one. Every NM's web port is always a free one. */
    public Builder rmWebPort(int port) {
      this.rmWebPort = port;
      return this;
    }

    /** The history server's gRPC (log store) and web ports; 0 (the default) picks free ones. */
    public Builder historyPorts(int port, int webPort) {
      this.historyPort = port;
      this.historyWebPort = webPort;
      return this;
    }

    /** Configuration every daemon starts from (scheduler limits, intervals, ...). */
    public Builder config(WeftConfig config) {
      this.base = requireNonNull(config);
      return this;
    }

    /**
     * Told of every container state change on every NM, on the NM's thread (it must not block): lets an
     * in-process host see when container processes start ({@code RUNNING}) and exit.
     */
    public Builder containerObserver(ContainerListener observer) {
      this.containerObserver = requireNonNull(observer);
      return this;
    }

    /**
     * Secure mode: a new CA and certificates under the work dir ({@code security/}), TLS on every
     * endpoint, NodeManagers proven by their certificates, clients by the user's.
     */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    public LocalCluster build() {
      return new LocalCluster(this);
    }
  }
}
