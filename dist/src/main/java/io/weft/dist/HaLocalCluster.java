package io.weft.dist;

import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Closer;
import io.weft.common.lifecycle.Poll;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.TlsSettings;
import io.weft.nm.NmConfig;
import io.weft.nm.NmKeys;
import io.weft.nm.NodeManager;
import io.weft.rm.config.RmKeys;
import io.weft.rm.ha.HaKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code weft local-cluster --ha [--secure]}: an embedded ZooKeeper, two (or more) ResourceManagers in HA, each a
 * process of its own so that one can be killed from another shell, and NodeManagers in this process.
 * The cluster's client configuration is written to {@code <work dir>/conf/weft-site.properties}, so
 * {@code WEFT_CONF_DIR=<work dir>/conf bin/weft ...} reaches whichever RM is active.
 */
final class HaLocalCluster implements AutoCloseable {
  private static final Duration RM_EXIT = Duration.ofSeconds(30);
  private static final Duration RM_START = Duration.ofSeconds(90);

  private final Path workDir;
  private final WeftConfig clusterConfig;
  private final List<RmEndpoints.Endpoint> endpoints;
  private final Closer closer = new Closer();
  private final List<Process> resourceManagers = new ArrayList<>();
  private final List<NodeManager> nodeManagers = new ArrayList<>();
  private final int zkPort;
  /** Null unless secure. */
  private final ClusterCertificates certificates;
  private final RmHaStates haStates;
  private EmbeddedZooKeeper zooKeeper;

  /**
   * @param base the user's --conf values, for every daemon
   * @param rmPorts gRPC and web port of each RM, in pairs (rm1's, rm2's, ...)
   * @param secure as {@code local-cluster --secure}: a new CA and certificates in {@code <work dir>/security},
   *     TLS on every endpoint of the RMs and NMs, and a client configuration holding the user's certificate
   */
  HaLocalCluster(Path workDir, WeftConfig base, int zkPort, List<int[]> rmPorts, boolean secure) {
    this.workDir = workDir.toAbsolutePath().normalize();
    this.zkPort = zkPort;
    List<RmEndpoints.Endpoint> rms = new ArrayList<>();
    for (int r = 0; r < rmPorts.size(); r++) {
      rms.add(new RmEndpoints.Endpoint("rm" + (r + 1), new HostPort("127.0.0.1", rmPorts.get(r)[0]),
          new HostPort("127.0.0.1", rmPorts.get(r)[1])));
    }
    Map<String, String> values = new LinkedHashMap<>(RmEndpoints.haKeys(rms));
    values.put(HaKeys.ZK_ADDRESS.key(), "127.0.0.1:" + zkPort);
    if (base.raw(HaKeys.CLUSTER_ID.key()).isEmpty()) {
      values.put(HaKeys.CLUSTER_ID.key(), "local-cluster");
    }
    this.clusterConfig = base.with(values);
    this.endpoints = List.copyOf(rms);
    this.certificates = secure ? ClusterCertificates.make(this.workDir.resolve("security")) : null;
    this.haStates = RmHaStates.over(TlsSettings.of(clientConfig()));
  }

  void start(int nodes, long nodeMemoryMb, int nodeVcores) {
    try {
      zooKeeper = closer.register(certificates == null ? EmbeddedZooKeeper.start(workDir.resolve("zookeeper"), zkPort)
          : EmbeddedZooKeeper.startSecure(workDir.resolve("zookeeper"), zkPort, certificates.rm().certificate(),
              certificates.rm().key(), certificates.trust()));
      writeClientConfig();
      for (RmEndpoints.Endpoint endpoint : endpoints) {
        resourceManagers.add(launchResourceManager(endpoint.id()));
      }
      closer.register((AutoCloseable) this::stopResourceManagers);
      awaitActive();
      for (int i = 0; i < nodes; i++) {
        Path dir = workDir.resolve("nm-" + i);
        WeftConfig nm = clusterConfig.with(Map.of(
            NmKeys.ADDRESS.key(), "127.0.0.1:0",
            NmKeys.WEBAPP_ADDRESS.key(), "127.0.0.1:0",
            NmKeys.MEMORY_MB.key(), Long.toString(nodeMemoryMb),
            NmKeys.CPU_VCORES.key(), Integer.toString(nodeVcores),
            NmKeys.LOCAL_DIRS.key(), dir.resolve("local").toString(),
            NmKeys.LOG_DIRS.key(), dir.resolve("logs").toString()));
        if (clusterConfig.raw(NmKeys.WARM_JVMS_ENABLED.key()).isEmpty()) {
          nm = nm.with(Map.of(NmKeys.WARM_JVMS_ENABLED.key(), "false")); // as LocalCluster: see there
        }
        if (certificates != null) {
          nm = certificates.forNodeManager(nm);
        }
        nodeManagers.add(closer.start(new NodeManager(NmConfig.from(nm.validate()), Clock.systemUTC(),
            (containerId, state) -> { })));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The ResourceManagers: id, pid, addresses; for the banner. */
  List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (int r = 0; r < endpoints.size(); r++) {
      RmEndpoints.Endpoint endpoint = endpoints.get(r);
      lines.add(endpoint.id() + ": pid " + resourceManagers.get(r).pid() + ", gRPC " + endpoint.rpc()
          + ", web " + webScheme() + "://" + endpoint.web() + "/cluster, log " + rmLog(endpoint.id()));
    }
    return lines;
  }

  String zooKeeperAddress() {
    return zooKeeper.connectString();
  }

  Path confDir() {
    return workDir.resolve("conf");
  }

  /** What clients of this cluster use: every RM's addresses and, when secure, TLS with the user's certificate. */
  WeftConfig clientConfig() {
    return certificates == null ? clusterConfig : certificates.forClient(clusterConfig);
  }

  /** Where the CA and certificates are; empty unless secure. */
  Optional<Path> securityDir() {
    return Optional.ofNullable(certificates).map(ClusterCertificates::dir);
  }

  /** Each RM's id and web address. */
  Map<String, HostPort> webAddresses() {
    Map<String, HostPort> webs = new LinkedHashMap<>();
    endpoints.forEach(rm -> webs.put(rm.id(), rm.web()));
    return webs;
  }

  /** Asks this cluster's RMs for their HA state, over https when secure. */
  RmHaStates haStates() {
    return haStates;
  }

  /** The process of the RM with this id (rm1, rm2, ...). */
  ProcessHandle resourceManager(String id) {
    for (int r = 0; r < endpoints.size(); r++) {
      if (endpoints.get(r).id().equals(id)) {
        return resourceManagers.get(r).toHandle();
      }
    }
    throw new IllegalArgumentException("no ResourceManager " + id + "; the ids are " + webAddresses().keySet());
  }

  private String webScheme() {
    return certificates == null ? "http" : "https";
  }

  private void writeClientConfig() {
    ClientConfigFile.write(confDir(), clientConfig(), "weft local-cluster --ha: the cluster's RMs");
  }

  /**
   * One RM's configuration (its id comes on top): the cluster's; when secure, with the RM's certificate,
   * TLS to ZooKeeper and the RMs' ZooKeeper credential, which only they get (never the client configuration).
   */
  private WeftConfig resourceManagerConfig() {
    if (certificates == null) {
      return clusterConfig;
    }
    WeftConfig config = certificates.forResourceManager(clusterConfig).with(HaKeys.ZK_SSL_ENABLED, true);
    if (config.raw(HaKeys.ZK_AUTH.key()).isEmpty()) {
      config = config.with(HaKeys.ZK_AUTH, "@" + ZkCredentialFile.ensure(certificates.dir()));
    }
    return config;
  }

  private Path rmLog(String id) {
    return workDir.resolve(id + ".log");
  }

  private Process launchResourceManager(String id) {
    Path dir = workDir.resolve(id);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.weft.rm.ResourceManagerMain"));
    Map<String, String> conf = new LinkedHashMap<>(resourceManagerConfig().asMap());
    conf.put(HaKeys.HA_ID.key(), id);
    conf.put(RmKeys.STAGING_DIR.key(), dir.resolve("staging").toString());
    conf.forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
    try {
      Files.createDirectories(dir);
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(rmLog(id).toFile()));
      builder.environment().put("WEFT_CONF_DIR", confDir().toString());
      return builder.start();
    } catch (IOException e) {
      throw new WeftException(WeftException.Code.UNAVAILABLE, "cannot start ResourceManager " + id + ": "
          + e.getMessage());
    }
  }

  /** Waits until one RM says it is ACTIVE, so the NodeManagers register at once instead of retrying. */
  private void awaitActive() {
    Map<String, HostPort> webs = webAddresses();
    try {
      Optional<String> active = Poll.until(() -> {
        for (int r = 0; r < endpoints.size(); r++) {
          if (!resourceManagers.get(r).isAlive()) {
            throw new WeftException(WeftException.Code.UNAVAILABLE, "ResourceManager " + endpoints.get(r).id()
                + " exited with " + resourceManagers.get(r).exitValue() + "; see " + rmLog(endpoints.get(r).id()));
          }
        }
        return webs.entrySet().stream().filter(rm -> haStates.stateOf(rm.getValue()).equals("ACTIVE"))
            .map(Map.Entry::getKey).findFirst();
      }, Duration.ofMillis(100), RM_START);
      if (active.isEmpty()) {
        throw new WeftException(WeftException.Code.UNAVAILABLE, "no ResourceManager became active within "
            + RM_START.toSeconds() + " s; see " + rmLog(endpoints.get(0).id()) + " and the others");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM to every RM still running, then kill -9 to any that outlives {@link #RM_EXIT}. */
  private void stopResourceManagers() {
    resourceManagers.forEach(Process::destroy);
    for (Process rm : resourceManagers) {
      try {
        if (!rm.waitFor(RM_EXIT.toSeconds(), TimeUnit.SECONDS)) {
          rm.destroyForcibly().waitFor(RM_EXIT.toSeconds(), TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        rm.destroyForcibly();
      }
    }
  }

  @Override
  public void close() {
    closer.close();
  }
}
