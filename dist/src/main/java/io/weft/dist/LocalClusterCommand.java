package io.weft.dist;

import io.weft.common.config.KeyValues;
import io.weft.common.config.MemorySize;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.StablePorts;
import io.weft.common.rpc.WeftException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft local-cluster}: an RM and N NMs in this process, up until interrupted. */
@Command(name = "local-cluster", mixinStandardHelpOptions = true,
    description = "Run a ResourceManager and NodeManagers in one process until interrupted (Ctrl-C).")
final class LocalClusterCommand implements Callable<Integer> {
  @Option(names = "--nodes", defaultValue = "2", description = "number of NodeManagers (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--rm-port", defaultValue = "8032", description = "ResourceManager gRPC port, 0 = any free one")
  int rmPort;

  @Option(names = "--web-port", defaultValue = "8088", description = "ResourceManager web console port, 0 = any free one")
  int webPort;

  @Option(names = "--node-memory", defaultValue = "8g", description = "memory each NodeManager offers")
  String nodeMemory;

  @Option(names = "--node-vcores", defaultValue = "8", description = "vcores each NodeManager offers")
  int nodeVcores;

  @Option(names = "--work-dir", description = "where logs, container directories and the RM state store (rm-state) go (default: a new temp dir)")
  Path workDir;

  @Option(names = "--conf", description = "key=value for every daemon, repeatable")
  List<String> conf = new ArrayList<>();

  @Option(names = "--ha", description = "ResourceManager HA: an embedded ZooKeeper and two ResourceManagers, "
      + "each a process of its own (kill the active one to see the other take over)")
  boolean ha;

  @Option(names = "--secure", description = "secure mode: a new CA and certificates in <work dir>/security, TLS on "
      + "every endpoint, NodeManagers proven by their certificates; clients use <work dir>/conf/weft-site.properties")
  boolean secure;

  @Option(names = "--zk-port", defaultValue = "2181", description = "with --ha: the embedded ZooKeeper's port")
  int zkPort;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1) {
      throw WeftException.invalidArgument("--nodes must be at least 1, got " + nodes);
    }
    if (nodeVcores < 1) {
      throw WeftException.invalidArgument("--node-vcores must be at least 1, got " + nodeVcores);
    }
    Path dir = workDir != null ? workDir : WorkDirs.fresh("weft-local-cluster");
    if (ha) {
      return runHa(dir);
    }
    LocalCluster cluster = LocalCluster.builder(dir).nodeManagers(nodes).rmPort(rmPort).rmWebPort(webPort)
        .nodeMemoryMb(MemorySize.parseMb(nodeMemory, "--node-memory")).nodeVcores(nodeVcores)
        .config(WeftConfig.fromEnvironment().with(KeyValues.parse(conf, "--conf"))).secure(secure).build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.close();
      stopped.countDown();
    }, "local-cluster-shutdown"));
    cluster.start();
    System.out.println("Local cluster up: ResourceManager at " + cluster.rmAddress() + ", " + nodes
        + " NodeManager(s), work dir " + dir);
    System.out.println("Web console: " + cluster.rmWebUrl() + "/cluster");
    System.out.println("History server (aggregated logs): " + cluster.historyServer().address()
        + (secure ? "" : "; for weft logs: export WEFT_OPTS=-Dweft.historyserver.address="
            + cluster.historyServer().address()));
    if (secure) {
      Path confDir = ClientConfigFile.write(dir.resolve("conf"), cluster.clientConfig(), "weft local-cluster --secure");
      System.out.println("TLS on every endpoint; the CA and certificates are in " + dir.resolve("security"));
      System.out.println("Clients: export WEFT_CONF_DIR=" + confDir);
      System.out.println("Submit with: bin/weft submit --deploy-mode cluster --class io.weft.examples.Pi "
          + examplesJar() + " 10");
    } else {
      System.out.println("Submit with: bin/weft submit --master weft://" + cluster.rmAddress()
          + " --deploy-mode cluster --class io.weft.examples.Pi " + examplesJar() + " 10");
    }
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  /** Two RMs in HA; rm2's ports are rm1's plus one (or free ones when rm1's are 0). */
  private int runHa(Path dir) throws InterruptedException {
    List<Integer> free = StablePorts.free("127.0.0.1", 4);
    List<int[]> ports = List.of(
        new int[] {rmPort == 0 ? free.get(0) : rmPort, webPort == 0 ? free.get(1) : webPort},
        new int[] {rmPort == 0 ? free.get(2) : rmPort + 1, webPort == 0 ? free.get(3) : webPort + 1});
    HaLocalCluster cluster = new HaLocalCluster(dir, WeftConfig.fromEnvironment().with(KeyValues.parse(conf, "--conf")),
        zkPort, ports, secure);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.close();
      stopped.countDown();
    }, "local-cluster-shutdown"));
    cluster.start(nodes, MemorySize.parseMb(nodeMemory, "--node-memory"), nodeVcores);
    System.out.println("Local HA cluster up: ZooKeeper at " + cluster.zooKeeperAddress() + ", " + nodes
        + " NodeManager(s), work dir " + dir);
    cluster.describe().forEach(line -> System.out.println("  ResourceManager " + line));
    cluster.securityDir().ifPresent(security -> System.out.println("TLS on every endpoint; the CA and certificates "
        + "are in " + security));
    System.out.println("Clients: export WEFT_CONF_DIR=" + cluster.confDir());
    System.out.println("  bin/weft rmadmin -getAllServiceState");
    System.out.println("  bin/weft submit --deploy-mode cluster --class io.weft.examples.Pi " + examplesJar() + " 10");
    System.out.println("Fail over: kill -9 the active ResourceManager's pid; the other takes over.");
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  /** Where the examples jar is, for the hints this prints (they were relative to an installation, not to a checkout). */
  private static String examplesJar() {
    try {
      return WeftHome.examplesJar().toString();
    } catch (WeftException e) {
      return "examples/weft-examples.jar";
    }
  }
}
