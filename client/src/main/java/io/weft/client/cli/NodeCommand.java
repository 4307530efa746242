package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.records.NodeReport;
import io.weft.client.records.NodeState;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.WeftException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft node -list [-all | -states s1,s2] [-showDetails] | -status NODE_ID}, as {@code yarn node}. */
@Command(name = "node", description = "List the cluster's NodeManagers, or print one's report.",
    mixinStandardHelpOptions = true)
final class NodeCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "-list", description = "list nodes (default: RUNNING ones)")
  boolean list;

  @Option(names = "-status", paramLabel = "NODE_ID", description = "print the report of a node (host:port, as -list "
      + "shows it)")
  String status;

  @Option(names = "-showDetails", description = "with -list: each node's configured and allocated resources, "
      + "every resource type (gpu, ...) included")
  boolean showDetails;

  @Option(names = "-all", description = "with -list: nodes in every state")
  boolean all;

  @Option(names = "-states", split = ",", paramLabel = "states", description = "with -list: nodes in these states "
      + "(comma separated: NEW, RUNNING, UNHEALTHY, DECOMMISSIONING, DECOMMISSIONED, LOST, SHUTDOWN)")
  List<String> states = new ArrayList<>();

  NodeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (list == (status != null)) {
      throw WeftException.invalidArgument("node needs exactly one of -list and -status NODE_ID");
    }
    if (status != null) {
      if (all || !states.isEmpty() || showDetails) {
        throw WeftException.invalidArgument("-all, -states and -showDetails go with -list, not with -status");
      }
      NodeId id = NodeId.parse(status);
      try (WeftClient client = context.connect()) {
        context.out().print(ReportFormat.node(client.getNodeReport(id)));
      }
      return 0;
    }
    if (all && !states.isEmpty()) {
      throw WeftException.invalidArgument("-all and -states exclude each other");
    }
    NodeState[] wanted = all ? new NodeState[0]
        : states.isEmpty() ? new NodeState[] {NodeState.RUNNING}
        : states.stream().map(NodeCommand::state).toArray(NodeState[]::new);
    try (WeftClient client = context.connect()) {
      List<NodeReport> nodes = client.getNodeReports(wanted);
      context.out().println("Total Nodes:" + nodes.size());
      context.out().println(ReportFormat.NODE_LIST_HEADER);
      nodes.forEach(node -> {
        context.out().println(ReportFormat.nodeRow(node));
        if (showDetails) {
          context.out().print(ReportFormat.nodeDetails(node));
        }
      });
      return 0;
    }
  }

  private static NodeState state(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    try {
      NodeState state = NodeState.valueOf(upper);
      if (state != NodeState.REBOOTED) {
        return state;
      }
    } catch (IllegalArgumentException e) {
      // named below
    }
    throw WeftException.invalidArgument("-states " + name + " is not a node state; use one of NEW, RUNNING, "
        + "UNHEALTHY, DECOMMISSIONING, DECOMMISSIONED, LOST, SHUTDOWN");
  }
}
