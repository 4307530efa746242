package io.weft.rm.web;

import io.weft.rm.core.ClusterMetricsView;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/** The last hour of cluster utilization, sampled by the RM into a bounded ring (oldest dropped first). */
final class UtilizationHistory {
  /** One sample: used and total memory / vcores, running containers. */
  record Sample(long time, long usedMb, long totalMb, int usedVcores, int totalVcores, int containers) {}

  private final int capacity;
  private final ArrayDeque<Sample> ring;

  UtilizationHistory(int capacity) {
    this.capacity = capacity;
    this.ring = new ArrayDeque<>(capacity);
  }

  synchronized void record(Instant now, ClusterMetricsView m) {
    if (ring.size() == capacity) {
      ring.removeFirst();
    }
    ring.addLast(new Sample(now.toEpochMilli(), m.allocated().memoryMb(), m.total().memoryMb(),
        m.allocated().vcores(), m.total().vcores(), m.containersAllocated()));
  }

  synchronized List<Sample> samples() {
    return List.copyOf(ring);
  }
}
