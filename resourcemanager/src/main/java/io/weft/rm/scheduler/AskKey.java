package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;

/** What identifies an ask, YARN-style: a later ask with the same key replaces the earlier one. */
public record AskKey(int priority, Resource capability, long allocationRequestId) {
  // equals and hashCode written out: docs/design.md, "Record keys in hash maps"
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof AskKey other && priority == other.priority
        && allocationRequestId == other.allocationRequestId && capability.equals(other.capability);
  }

  @Override
  public int hashCode() {
    return (priority * 31 + capability.hashCode()) * 31 + Long.hashCode(allocationRequestId);
  }
}
