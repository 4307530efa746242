package io.weft.rm.core;

import io.weft.common.resource.Resource;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.CompletedContainer;
import java.util.List;

/** The answer to an allocate call. */
public record AllocateResult(int responseId, List<Allocation> allocated, List<CompletedContainer> completed,
    Resource headroom, int clusterNodes, String waitingReason, AmCommand command) {
  public AllocateResult {
    allocated = List.copyOf(allocated);
    completed = List.copyOf(completed);
  }

  /** What the RM tells the AM to do beyond the allocation itself. */
  public enum AmCommand { NONE, RESYNC, SHUTDOWN }
}
