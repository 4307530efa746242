package io.weft.examples.am;

import io.weft.common.launch.ContainerEnvironment;

import io.weft.am.client.AmRmClient;
import io.weft.am.client.AmRmClientAsync;
import io.weft.am.client.Container;
import io.weft.am.client.ContainerLaunchContext;
import io.weft.am.client.ContainerRequest;
import io.weft.am.client.ContainerStatus;
import io.weft.am.client.FinalApplicationStatus;
import io.weft.am.client.NmClientAsync;
import io.weft.am.shell.ContainerOutcomes;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal ApplicationMaster on the public AM API: asks for N containers at once, runs a command
 * ({@code true} unless told) in each the moment it is granted, and unregisters the moment the last
 * one completes, SUCCEEDED only if all exited 0. Its diagnostics carry the exit summary and, for
 * start-up measurements, when it registered, when all containers were started and when all
 * completed, counted from the application's submission.
 *
 * <p>Arguments: {@code [--num-containers N] [--container-memory-mb MB] [--command CMD]}.
 * Submit it with {@link TrueAmSubmitter}.
 */
public final class TrueAm implements AmRmClientAsync.CallbackHandler, NmClientAsync.CallbackHandler {
  private final int numContainers;
  private final Resource capability;
  private final ContainerLaunchContext launch;
  private final ContainerOutcomes outcomes;
  private final long submitTime = Long.parseLong(ContainerEnvironment.current().getOrDefault(ContainerEnv.APP_SUBMIT_TIME, "0"));
  private final Set<ContainerId> launched = ConcurrentHashMap.newKeySet();
  private final AtomicInteger started = new AtomicInteger();
  private final CompletableFuture<String> done = new CompletableFuture<>();
  private volatile long allStartedAt;
  private AmRmClientAsync rm;
  private NmClientAsync nm;

  TrueAm(int numContainers, long memoryMb, String command) {
    this.numContainers = numContainers;
    this.capability = Resource.of(memoryMb, 1);
    this.launch = ContainerLaunchContext.of(List.of("bash", "-c", command));
    this.outcomes = new ContainerOutcomes(numContainers);
  }

  public static void main(String[] args) {
    int numContainers = 1;
    long memoryMb = 1024;
    String command = "true";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--num-containers" -> numContainers = Integer.parseInt(args[i + 1]);
        case "--container-memory-mb" -> memoryMb = Long.parseLong(args[i + 1]);
        case "--command" -> command = args[i + 1];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    System.exit(new TrueAm(numContainers, memoryMb, command).run());
  }

  int run() {
    try (AmRmClientAsync rmClient = AmRmClientAsync.create(AmRmClient.fromEnvironment(), this);
         NmClientAsync nmClient = NmClientAsync.create(this)) {
      rm = rmClient;
      nm = nmClient;
      rm.registerApplicationMaster(ContainerEnvironment.current().get(ContainerEnv.NM_HOST), 0, "");
      long registeredAt = System.currentTimeMillis();
      rm.addContainerRequests(Collections.nCopies(numContainers, ContainerRequest.anywhere(capability, 0)));
      String stopReason = done.join();
      if (!stopReason.isEmpty()) {
        System.err.println("TrueAm stopping without unregistering: " + stopReason);
        return 1;
      }
      long completedAt = System.currentTimeMillis();
      String diagnostics = outcomes.summary() + "; since submission: registered " + (registeredAt - submitTime)
          + " ms, all started " + (allStartedAt - submitTime) + " ms, all completed " + (completedAt - submitTime)
          + " ms";
      rm.unregisterApplicationMaster(outcomes.allSucceeded() ? FinalApplicationStatus.SUCCEEDED
          : FinalApplicationStatus.FAILED, diagnostics, "");
      return 0;
    }
  }

  @Override
  public void onContainersAllocated(List<Container> containers) {
    for (Container container : containers) {
      if (launched.size() < numContainers && launched.add(container.id())) {
        nm.startContainerAsync(container, launch);
      } else {
        rm.releaseAssignedContainer(container.id());
      }
    }
  }

  @Override
  public void onContainersCompleted(List<ContainerStatus> statuses) {
    statuses.forEach(this::complete);
  }

  private void complete(ContainerStatus status) {
    if (launched.contains(status.containerId()) && outcomes.record(status)) {
      done.complete("");
    }
  }

  @Override
  public void onContainerStarted(ContainerId containerId) {
    if (started.incrementAndGet() == numContainers) {
      allStartedAt = System.currentTimeMillis();
    }
  }

  @Override
  public void onStartContainerError(ContainerId containerId, Throwable error) {
    complete(new ContainerStatus(containerId, ContainerStatus.State.COMPLETE, ExitStatus.INVALID,
        "launch failed: " + error.getMessage()));
    rm.releaseAssignedContainer(containerId);
  }

  @Override
  public void onShutdownRequest() {
    done.complete("the ResourceManager ordered a shutdown");
  }

  @Override
  public void onError(Throwable error) {
    done.complete("AM-RM heartbeat failed: " + error.getMessage());
  }

  @Override
  public float getProgress() {
    return outcomes.isComplete() ? 1f : 0.5f * started.get() / numContainers;
  }

}
