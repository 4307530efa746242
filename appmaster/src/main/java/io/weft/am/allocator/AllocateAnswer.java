package io.weft.am.allocator;

import java.util.List;

/** One Allocate answer. */
public record AllocateAnswer(int responseId, List<AllocatedContainer> allocated, List<CompletedContainer> completed,
    AmCommand command, String waitingReason) {
  public AllocateAnswer {
    allocated = List.copyOf(allocated);
    completed = List.copyOf(completed);
  }
}
