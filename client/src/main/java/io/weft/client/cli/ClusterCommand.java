package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.admin.ClusterNodeLabels;
import io.weft.common.rpc.WeftException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft cluster -lnl}: the cluster's node labels, as {@code yarn cluster --list-node-labels}. */
@Command(name = "cluster", description = "Cluster-wide information.", mixinStandardHelpOptions = true)
final class ClusterCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = {"-lnl", "--list-node-labels"}, description = "list the cluster's node labels and the nodes "
      + "carrying each")
  boolean listNodeLabels;

  ClusterCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!listNodeLabels) {
      throw WeftException.invalidArgument("cluster needs -lnl (--list-node-labels)");
    }
    try (WeftClient weft = context.connect()) {
      ClusterNodeLabels labels = weft.getClusterNodeLabels();
      context.out().println("Node Labels: " + labels.describeLabels());
      labels.nodes().forEach((node, l) -> context.out().println("  " + node + " = " + String.join(",", l)));
      return 0;
    }
  }
}
