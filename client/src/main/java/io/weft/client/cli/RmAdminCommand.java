package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.admin.AdminAclRefreshed;
import io.weft.client.admin.ClusterNodeLabels;
import io.weft.client.admin.NodesRefreshed;
import io.weft.client.admin.QueuesRefreshed;
import io.weft.client.records.NodeReport;
import io.weft.client.records.NodeState;
import io.weft.client.records.QueueInfo;
import io.weft.common.id.NodeId;
import io.weft.common.lifecycle.Poll;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.AuthHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft rmadmin -refreshQueues}, {@code -refreshNodes [-g [timeout_s]] [-client|-server]},
 * {@code -refreshAdminAcls}, {@code -getGroups [user]} and the HA commands ({@code -getServiceState id},
 * {@code -getAllServiceState}, {@code -transitionToStandby id}) and the node label commands
 * ({@code -addToClusterNodeLabels}, {@code -removeFromClusterNodeLabels}, {@code -replaceLabelsOnNode}), as
 * {@code yarn rmadmin}.
 */
@Command(name = "rmadmin", description = "Administer the ResourceManager.", mixinStandardHelpOptions = true)
final class RmAdminCommand implements Callable<Integer> {
  /** How often {@code -client} looks at the draining nodes. */
  private static final Duration POLL = Duration.ofMillis(500);
  private final CliContext context;

  @Option(names = "-refreshQueues",
      description = "re-read the queue configuration and apply it without a restart (a bad file is refused whole)")
  boolean refreshQueues;

  @Option(names = "-refreshNodes", description = "re-read the include and exclude files "
      + "(weft.resourcemanager.nodes.include-path / exclude-path) and decommission the nodes they exclude: at once, "
      + "or with -g gracefully")
  boolean refreshNodes;

  @Option(names = {"-g", "-graceful"}, arity = "0..1", fallbackValue = "", paramLabel = "timeout_s",
      description = "with -refreshNodes: let excluded nodes drain (no new containers, running ones go on) for at most "
          + "timeout_s seconds, then kill what is left; no value = the RM's "
          + "weft.resourcemanager.nodemanager-graceful-decommission-timeout-secs (with -server), no limit (with "
          + "-client); -1 = no limit")
  String graceful;

  @Option(names = "-client", description = "with -g: this command tracks the timeout and waits (blocks) until "
      + "the nodes are decommissioned, decommissioning them at once when the timeout passes")
  boolean client;

  @Option(names = "-server", description = "with -g: the RM tracks the timeout; this command returns at once "
      + "(the default)")
  boolean server;

  @Option(names = "-refreshAdminAcls", description = "make the ResourceManager read weft.admin.acl again from the "
      + "weft-site.properties it started with (a value given over the file by --conf or -D still wins); an RM "
      + "started without that file keeps its ACL and says so")
  boolean refreshAdminAcls;

  @Option(names = "-getGroups", arity = "0..1", fallbackValue = "", paramLabel = "user", description = "print the "
      + "groups of user (default: you): Weft maps no groups (its ACLs name users), so the list is always empty, as "
      + "YARN's with no group mapping")
  String getGroups;

  @Option(names = "-getServiceState", paramLabel = "serviceId",
      description = "with HA: print the HA state of the ResourceManager serviceId (active, standby, initializing)")
  String getServiceState;

  @Option(names = "-getAllServiceState", description = "with HA: print the HA state of every ResourceManager")
  boolean getAllServiceState;

  @Option(names = "-transitionToStandby", paramLabel = "serviceId", description = "with HA: hand over: the "
      + "ResourceManager serviceId leaves the election and becomes standby, another one becomes active")
  String transitionToStandby;

  @Option(names = "-transitionToActive", paramLabel = "serviceId", description = "refused: with automatic "
      + "failover only the ZooKeeper election makes a ResourceManager active")
  String transitionToActive;

  @Option(names = "-addToClusterNodeLabels", paramLabel = "labels", description = "add node labels to the "
      + "cluster, e.g. \"gpu(exclusive=true),ssd\" (only exclusive labels: exclusive=false is refused)")
  String addLabels;

  @Option(names = "-removeFromClusterNodeLabels", paramLabel = "labels", description = "remove node labels, e.g. "
      + "\"gpu,ssd\"; the nodes carrying one lose it (refused while a queue's accessible-node-labels names it)")
  String removeLabels;

  @Option(names = "-replaceLabelsOnNode", paramLabel = "node=label ...", description = "set the label of nodes, "
      + "e.g. \"host1:8041=gpu host2=ssd\" (a host names every NodeManager on it, host:port one; node= takes the "
      + "label off); a node carries at most one label")
  String replaceLabels;

  @Option(names = "-failOnUnknownNodes", description = "accepted for YARN compatibility: a node name is kept "
      + "whether or not a NodeManager of that name is running (it applies when one registers)")
  boolean failOnUnknownNodes;

  RmAdminCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    long commands = Stream.of(refreshQueues, refreshNodes, refreshAdminAcls, getGroups != null,
        getServiceState != null, getAllServiceState, transitionToStandby != null, transitionToActive != null,
        addLabels != null, removeLabels != null, replaceLabels != null).filter(c -> c).count();
    if (commands != 1) {
      throw WeftException.invalidArgument("rmadmin needs exactly one of -refreshQueues and -refreshNodes (or of "
          + "-refreshAdminAcls, -getGroups, the node label commands -addToClusterNodeLabels, "
          + "-removeFromClusterNodeLabels, -replaceLabelsOnNode, or the HA commands -getServiceState, "
          + "-getAllServiceState, -transitionToStandby, -transitionToActive)");
    }
    if (!refreshNodes && (graceful != null || client || server)) {
      throw WeftException.invalidArgument("-g, -client and -server go with -refreshNodes");
    }
    if (client && server) {
      throw WeftException.invalidArgument("-client and -server exclude each other: pick who tracks the timeout");
    }
    if ((client || server) && graceful == null) {
      throw WeftException.invalidArgument("-client and -server go with -g (a graceful decommission)");
    }
    if (getGroups != null) {
      // as yarn rmadmin -getGroups prints "user : group ...", here with no groups
      context.out().println((getGroups.isBlank() ? AuthHeaders.localUser() : getGroups.strip()) + " :");
      return 0;
    }
    RmHaAdmin ha = new RmHaAdmin(context.config(), context.out());
    if (getServiceState != null) {
      return ha.getServiceState(getServiceState);
    }
    if (getAllServiceState) {
      return ha.getAllServiceState();
    }
    if (transitionToStandby != null) {
      return ha.transitionToStandby(transitionToStandby);
    }
    if (transitionToActive != null) {
      return ha.transitionToActive(transitionToActive);
    }
    try (WeftClient weft = context.connect()) {
      if (refreshAdminAcls) {
        return refreshAdminAcls(weft);
      }
      if (addLabels != null || removeLabels != null || replaceLabels != null) {
        return nodeLabels(weft);
      }
      return refreshQueues ? refreshQueues(weft) : refreshNodes(weft);
    }
  }

  private int nodeLabels(WeftClient weft) {
    ClusterNodeLabels now;
    if (addLabels != null) {
      now = weft.addToClusterNodeLabels(NodeLabelArgs.labelsToAdd(addLabels));
    } else if (removeLabels != null) {
      now = weft.removeFromClusterNodeLabels(NodeLabelArgs.labelNames(removeLabels));
    } else {
      now = weft.replaceLabelsOnNode(NodeLabelArgs.nodeToLabels(replaceLabels));
    }
    context.out().println("Node labels: " + (now.labels().isEmpty() ? "none" : now.describeLabels()));
    now.nodes().forEach((node, labels) -> context.out().println("  " + node + " = " + String.join(",", labels)));
    return 0;
  }

  private int refreshAdminAcls(WeftClient weft) {
    AdminAclRefreshed answer = weft.refreshAdminAcls();
    context.out().println("Admin ACL refreshed from " + answer.source() + ": weft.admin.acl is '"
        + answer.adminAcl().strip() + "'" + (answer.changed() ? " (was '" + answer.previous().strip() + "')"
        : " (unchanged)"));
    return 0;
  }

  private int refreshQueues(WeftClient weft) {
    QueuesRefreshed answer = weft.refreshQueues();
    context.out().println("Queues refreshed from " + answer.source() + ":");
    print(answer.root(), "  ");
    return 0;
  }

  private int refreshNodes(WeftClient weft) {
    Long timeout = timeoutSeconds();
    NodesRefreshed answer;
    if (graceful == null) {
      answer = weft.refreshNodes();
    } else if (client) {
      answer = weft.refreshNodesGracefullyWithoutLimit();
    } else {
      answer = weft.refreshNodesGracefully(timeout == null ? null : Duration.ofSeconds(timeout));
    }
    context.out().println("Nodes refreshed from " + answer.source() + ":"
        + (answer.nodes().isEmpty() ? " no node changed" : ""));
    answer.nodes().forEach(this::printNode);
    if (!client) {
      return 0;
    }
    Set<NodeId> draining = answer.nodes().stream().filter(n -> n.getNodeState() == NodeState.DECOMMISSIONING)
        .map(NodeReport::getNodeId).collect(Collectors.toSet());
    return awaitDecommissioned(weft, draining, timeout == null || timeout < 0 ? null : Duration.ofSeconds(timeout));
  }

  /** Waits for {@code draining} to leave DECOMMISSIONING; past {@code limit} (null = none) decommissions them at once. */
  private int awaitDecommissioned(WeftClient weft, Set<NodeId> draining, Duration limit) {
    try {
      if (Poll.until(() -> stillDraining(weft, draining).isEmpty() ? Optional.of(true) : Optional.empty(), POLL,
          limit).isPresent()) {
        context.out().println("Graceful decommission done: " + draining.size() + " node(s) decommissioned");
        return 0;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    context.out().println("Graceful decommission timed out after " + limit.toSeconds() + " s with "
        + stillDraining(weft, draining).size() + " node(s) still draining; decommissioning them now");
    weft.refreshNodes().nodes().forEach(this::printNode);
    return 0;
  }

  private static List<NodeReport> stillDraining(WeftClient weft, Set<NodeId> draining) {
    return weft.getNodeReports(NodeState.DECOMMISSIONING).stream()
        .filter(n -> draining.contains(n.getNodeId())).toList();
  }

  /** The -g value: null = not given (or no value), else seconds (-1 = no limit). */
  private Long timeoutSeconds() {
    if (graceful == null || graceful.isBlank()) {
      return null;
    }
    long seconds;
    try {
      seconds = Long.parseLong(graceful.trim());
    } catch (NumberFormatException e) {
      throw WeftException.invalidArgument("-g " + graceful + " is not a number of seconds");
    }
    if (seconds < -1) {
      throw WeftException.invalidArgument("-g " + seconds + " must be at least 0 seconds (or -1 for no limit)");
    }
    return seconds;
  }

  private void printNode(NodeReport n) {
    context.out().printf("  %s %s (%d container(s) running)%s%n", n.getNodeId(), n.getNodeState(),
        n.getNumContainers(), n.getDecommissionDeadline() > 0
            ? ", decommissioned at " + java.time.Instant.ofEpochMilli(n.getDecommissionDeadline()) + " at the latest"
            : "");
  }

  private void print(QueueInfo q, String indent) {
    context.out().printf("%s%s %.1f%% (max %.1f%%) %s%n", indent, q.getQueuePath(), q.getCapacity() * 100,
        q.getMaximumCapacity() * 100, q.getQueueState());
    q.getChildQueues().forEach(c -> print(c, indent + "  "));
  }
}
