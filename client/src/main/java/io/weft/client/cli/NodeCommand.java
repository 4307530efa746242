package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.proto.NodeReport;
import io.weft.proto.NodeState;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft node -list [-all]}, as {@code yarn node}. */
@Command(name = "node", description = "List the cluster's NodeManagers.", mixinStandardHelpOptions = true)
final class NodeCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "-list", required = true, description = "list nodes (default: RUNNING ones)")
  boolean list;

  @Option(names = "-all", description = "with -list: nodes in every state")
  boolean all;

  NodeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try (WeftClient client = context.connect()) {
      List<NodeReport> nodes = all ? client.getNodeReports() : client.getNodeReports(NodeState.NODE_RUNNING);
      context.out().println("Total Nodes:" + nodes.size());
      context.out().println(ReportFormat.NODE_LIST_HEADER);
      nodes.forEach(node -> context.out().println(ReportFormat.nodeRow(node)));
      return 0;
    }
  }
}
