package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.util.List;

/**
 * One Allocate answer (YARN's {@code AllocateResponse}): containers newly granted, containers that
 * completed, nodes whose state changed, the application's headroom, an order from the RM, requests
 * the RM gave up on (withdrawn, e.g. a gang it could not place in time), and the containers it is
 * taking back ({@link PreemptionMessage#NONE} when none).
 * {@code waitingReason} says, for people, why outstanding requests cannot be placed now (empty when
 * nothing waits).
 */
public record AllocateResponse(int responseId, List<Container> allocatedContainers,
    List<ContainerStatus> completedContainers, List<NodeUpdate> updatedNodes, Resource headroom,
    int numClusterNodes, Command command, String waitingReason, List<RejectedRequest> rejectedRequests,
    PreemptionMessage preemption) {
  /** What the RM may order the AM. */
  public enum Command {
    NONE,
    /** The RM lost track of the attempt (e.g. it restarted): register again and resend every request. */
    RESYNC,
    /** The attempt is no longer current or the application ended: stop at once, do not unregister. */
    SHUTDOWN
  }

  public AllocateResponse {
    allocatedContainers = List.copyOf(allocatedContainers);
    completedContainers = List.copyOf(completedContainers);
    updatedNodes = List.copyOf(updatedNodes);
    requireNonNull(headroom, "headroom");
    requireNonNull(command, "command");
    requireNonNull(waitingReason, "waitingReason");
    rejectedRequests = List.copyOf(rejectedRequests);
    requireNonNull(preemption, "preemption");
  }

  /** An answer that takes nothing back. */
  public AllocateResponse(int responseId, List<Container> allocatedContainers,
      List<ContainerStatus> completedContainers, List<NodeUpdate> updatedNodes, Resource headroom,
      int numClusterNodes, Command command, String waitingReason, List<RejectedRequest> rejectedRequests) {
    this(responseId, allocatedContainers, completedContainers, updatedNodes, headroom, numClusterNodes, command,
        waitingReason, rejectedRequests, PreemptionMessage.NONE);
  }

  /** An answer that rejected nothing and takes nothing back. */
  public AllocateResponse(int responseId, List<Container> allocatedContainers,
      List<ContainerStatus> completedContainers, List<NodeUpdate> updatedNodes, Resource headroom,
      int numClusterNodes, Command command, String waitingReason) {
    this(responseId, allocatedContainers, completedContainers, updatedNodes, headroom, numClusterNodes, command,
        waitingReason, List.of(), PreemptionMessage.NONE);
  }
}
