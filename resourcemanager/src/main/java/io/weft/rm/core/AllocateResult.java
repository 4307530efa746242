package io.weft.rm.core;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.CompletedContainer;
import io.weft.rm.node.NodeReport;
import io.weft.rm.scheduler.RejectedAsk;
import java.time.Duration;
import java.util.List;

/**
 * The answer to an allocate call.
 *
 * @param toBePreempted containers the RM will kill (exit status -102) once {@code preemptionGrace} has passed
 *     since it first named them, unless the AM releases them first
 * @param rejected asks the RM withdrew, with why
 * @param updatedNodes nodes whose state changed since the AM's last answer (unhealthy, draining, lost, back)
 */
public record AllocateResult(int responseId, List<Allocation> allocated, List<CompletedContainer> completed,
    Resource headroom, int clusterNodes, String waitingReason, AmCommand command, List<ContainerId> toBePreempted,
    Duration preemptionGrace, List<RejectedAsk> rejected, List<NodeReport> updatedNodes) {
  /** An answer with no node updates. */
  public AllocateResult(int responseId, List<Allocation> allocated, List<CompletedContainer> completed,
      Resource headroom, int clusterNodes, String waitingReason, AmCommand command, List<ContainerId> toBePreempted,
      Duration preemptionGrace, List<RejectedAsk> rejected) {
    this(responseId, allocated, completed, headroom, clusterNodes, waitingReason, command, toBePreempted,
        preemptionGrace, rejected, List.of());
  }

  public AllocateResult {
    updatedNodes = List.copyOf(updatedNodes);
    allocated = List.copyOf(allocated);
    completed = List.copyOf(completed);
    toBePreempted = List.copyOf(toBePreempted);
    rejected = List.copyOf(rejected);
  }

  /** What the RM tells the AM to do beyond the allocation itself. */
  public enum AmCommand { NONE, RESYNC, SHUTDOWN }
}
