package io.weft.am.shell;

import io.weft.common.launch.ContainerEnvironment;

import static java.util.Objects.requireNonNull;

import io.weft.am.client.AmRmClient;
import io.weft.am.client.AmRmClientAsync;
import io.weft.am.client.Container;
import io.weft.am.client.ContainerLaunchContext;
import io.weft.am.client.ContainerRequest;
import io.weft.am.client.ContainerStatus;
import io.weft.am.client.FinalApplicationStatus;
import io.weft.am.client.LocalResource;
import io.weft.am.client.NmClientAsync;
import io.weft.am.client.NodeUpdate;
import io.weft.am.client.RegisterResponse;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.launch.DistributedShellArgs;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The distributed-shell ApplicationMaster: runs a shell command or script in N containers and
 * reports every exit code. It asks for all N containers in one Allocate, starts each the moment it is
 * granted, and unregisters the moment the last one completes: SUCCEEDED only if all exited 0, with
 * the summary ({@link ContainerOutcomes}) as the application's diagnostics. Extra grants are
 * released; a container that cannot be started counts as failed; one the cluster took away (lost
 * with its node, its disks failed, preempted) is asked for again and run anew. After an AM restart with
 * containers kept across attempts, the ones still running count as launched and only the rest are
 * asked for (a container that ended while no AM ran is run again). Written only against the public
 * AM API ({@link io.weft.am.client}); arguments are {@link DistributedShellArgs}.
 */
public final class DistributedShellAm implements AmRmClientAsync.CallbackHandler, NmClientAsync.CallbackHandler {
  private static final Logger LOG = LogManager.getLogger();
  /** Exit code when the AM stops without unregistering (shutdown ordered, RM unreachable). */
  public static final int EXIT_NOT_UNREGISTERED = 1;

  private final DistributedShellArgs args;
  private final ContainerLaunchContext launch;
  private final ContainerOutcomes outcomes;
  private final ContainerRequest request;
  private final Set<ContainerId> launched = ConcurrentHashMap.newKeySet();
  private final Set<ContainerId> started = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<String> stopped = new CompletableFuture<>();
  private AmRmClientAsync rm;
  /** Why the RM refused the container request, if it did (set before {@code stopped} completes). */
  private volatile String refusal;
  private NmClientAsync nm;

  public DistributedShellAm(DistributedShellArgs args) {
    this.args = requireNonNull(args);
    this.launch = new ContainerLaunchContext(args.containerCommand(), args.shellEnv(), args.script() == null
        ? Map.of()
        : Map.of(DistributedShellArgs.SCRIPT_LINK, new LocalResource(args.script().uri(), LocalResource.Type.FILE,
            args.script().size(), args.script().sha256())));
    this.outcomes = new ContainerOutcomes(args.numContainers());
    this.request = ContainerRequest.anywhere(new Resource(args.containerMemoryMb(), args.containerVcores(),
        args.containerResources()), args.priority()).withNodeLabelExpression(args.nodeLabelExpression());
  }

  public static void main(String[] argv) {
    int code;
    try {
      code = new DistributedShellAm(DistributedShellArgs.parse(argv)).run();
    } catch (RuntimeException e) {
      LOG.error("distributed shell AM failed: {}", e.getMessage(), e);
      code = EXIT_NOT_UNREGISTERED;
    }
    LogManager.shutdown();
    System.exit(code);
  }

  /** Runs the containers to their end and unregisters; returns the process exit code. */
  public int run() {
    try (AmRmClientAsync rmClient = AmRmClientAsync.create(AmRmClient.fromEnvironment(), this);
         NmClientAsync nmClient = NmClientAsync.create(this)) {
      rm = rmClient;
      nm = nmClient;
      RegisterResponse registration = rm.registerApplicationMaster(
          ContainerEnvironment.current().getOrDefault(ContainerEnv.NM_HOST, "127.0.0.1"), 0, "");
      // Kept from a failed attempt (--keep-containers-across-attempts): already running, so not asked
      // for again; their completions come to this attempt and count like any other.
      registration.containersFromPreviousAttempts().forEach(c -> {
        launched.add(c.id());
        started.add(c.id());
      });
      int wanted = args.numContainers() - launched.size();
      LOG.info("running {} in {} container(s) of {} MB, {} vcore(s); {} still running from an earlier attempt",
          launch.command(), args.numContainers(), args.containerMemoryMb(), args.containerVcores(), launched.size());
      rm.addContainerRequests(Collections.nCopies(Math.max(0, wanted), request));
      String stopReason = stopped.join();
      if (refusal != null) {
        // the RM refused the ask itself (e.g. a node label the queue may not use): retrying cannot help, and the
        // user should read why in the application's diagnostics rather than in this AM's log
        LOG.error("{}", refusal);
        return rm.unregisterApplicationMaster(FinalApplicationStatus.FAILED, refusal, "") ? 0 : EXIT_NOT_UNREGISTERED;
      }
      if (!stopReason.isEmpty()) {
        LOG.error("stopping without unregistering: {}", stopReason);
        return EXIT_NOT_UNREGISTERED;
      }
      FinalApplicationStatus status = outcomes.allSucceeded() ? FinalApplicationStatus.SUCCEEDED
          : FinalApplicationStatus.FAILED;
      LOG.info("{}; unregistering with {}", outcomes.summary(), status);
      return rm.unregisterApplicationMaster(status, outcomes.summary(), "") ? 0 : EXIT_NOT_UNREGISTERED;
    }
  }

  @Override
  public void onContainersAllocated(List<Container> containers) {
    for (Container container : containers) {
      if (launched.size() < args.numContainers() && launched.add(container.id())) {
        nm.startContainerAsync(container, launch);
      } else {
        LOG.info("releasing {}: all {} containers are granted", container, args.numContainers());
        rm.releaseAssignedContainer(container.id());
      }
    }
  }

  @Override
  public void onContainerStarted(ContainerId containerId) {
    started.add(containerId);
    LOG.info("started {} ({} of {})", containerId, started.size(), args.numContainers());
  }

  @Override
  public void onContainersCompleted(List<ContainerStatus> statuses) {
    statuses.forEach(this::completed);
  }

  private void completed(ContainerStatus status) {
    if (!launched.contains(status.containerId())) {
      return; // a released extra
    }
    LOG.info("{} completed with exit status {}{}", status.containerId(), status.exitStatus(),
        status.diagnostics().isEmpty() ? "" : ": " + status.diagnostics());
    if (outcomes.takenByCluster(status)) {
      LOG.warn("{} was taken away by the cluster (exit status {}): asking for another container to run it again",
          status.containerId(), status.exitStatus());
      started.remove(status.containerId());
      launched.remove(status.containerId());
      rm.addContainerRequests(List.of(request));
      return;
    }
    if (outcomes.record(status)) {
      stopped.complete("");
    }
  }

  @Override
  public void onStartContainerError(ContainerId containerId, Throwable error) {
    LOG.warn("cannot start {}: {}", containerId, error.getMessage());
    completed(new ContainerStatus(containerId, ContainerStatus.State.COMPLETE, ExitStatus.INVALID,
        "launch failed: " + error.getMessage()));
    rm.releaseAssignedContainer(containerId);
  }

  @Override
  public void onShutdownRequest() {
    stopped.complete("the ResourceManager ordered a shutdown");
  }

  @Override
  public void onError(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof WeftException w && w.code() == WeftException.Code.INVALID_ARGUMENT) {
        refusal = "the ResourceManager refused the container request: " + w.getMessage();
        break;
      }
    }
    stopped.complete("the AM-RM heartbeat failed: " + error.getMessage());
  }

  @Override
  public void onWaiting(String reason) {
    LOG.info("waiting for containers: {}", reason);
  }

  @Override
  public float getProgress() {
    return outcomes.completedShare();
  }

  @Override
  public void onNodesUpdated(List<NodeUpdate> updated) {
    updated.forEach(node -> LOG.info("node {} is now {}{}", node.nodeId(), node.state(),
        node.labels().isEmpty() ? " (no node label)" : " with node label " + String.join(",", node.labels())));
  }

}
