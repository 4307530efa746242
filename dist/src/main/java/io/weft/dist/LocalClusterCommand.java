package io.weft.dist;

import io.weft.common.config.KeyValues;
import io.weft.common.config.MemorySize;
import io.weft.common.config.WeftConfig;
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

  @Override
  public Integer call() throws Exception {
    if (nodes < 1) {
      throw WeftException.invalidArgument("--nodes must be at least 1, got " + nodes);
    }
    if (nodeVcores < 1) {
      throw WeftException.invalidArgument("--node-vcores must be at least 1, got " + nodeVcores);
    }
    Path dir = workDir != null ? workDir : WorkDirs.fresh("weft-local-cluster");
    LocalCluster cluster = LocalCluster.builder(dir).nodeManagers(nodes).rmPort(rmPort).rmWebPort(webPort)
        .nodeMemoryMb(MemorySize.parseMb(nodeMemory, "--node-memory")).nodeVcores(nodeVcores)
        .config(WeftConfig.loadDefault().with(KeyValues.parse(conf, "--conf"))).build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.close();
      stopped.countDown();
    }, "local-cluster-shutdown"));
    cluster.start();
    System.out.println("Local cluster up: ResourceManager at " + cluster.rmAddress() + ", " + nodes
        + " NodeManager(s), work dir " + dir);
    System.out.println("Web console: http://" + cluster.rmWebAddress() + "/cluster");
    System.out.println("Submit with: bin/weft submit --master weft://" + cluster.rmAddress()
        + " --deploy-mode cluster --class io.weft.examples.Pi examples/weft-examples.jar 10");
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

}
