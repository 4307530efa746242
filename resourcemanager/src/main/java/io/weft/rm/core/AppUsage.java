package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;

/**
 * What an application holds and has held, computed on the core loop for reports (YARN's
 * ApplicationResourceUsageReport and the app's preemption metrics).
 *
 * @param queuePath the full path of its leaf queue ({@code root.default})
 * @param used resource·seconds of every container it held
 * @param preempted resource·seconds of its containers that were preempted
 * @param preemptedResource what its preempted containers held together
 * @param amContainersPreempted how many of its AM containers were preempted
 * @param otherContainersPreempted how many of its other containers were preempted
 * @param queueUsagePercent what it holds now, in percent of its queue's guaranteed share (dominant resource)
 * @param clusterUsagePercent what it holds now, in percent of the schedulable cluster (dominant resource)
 * @param amUsed what its live AM container holds
 */
public record AppUsage(String queuePath, ResourceSeconds used, ResourceSeconds preempted, Resource preemptedResource,
    int amContainersPreempted, int otherContainersPreempted, double queueUsagePercent, double clusterUsagePercent,
    Resource amUsed) {
  public AppUsage {
    requireNonNull(queuePath);
    requireNonNull(used);
    requireNonNull(preempted);
    requireNonNull(preemptedResource);
    requireNonNull(amUsed);
  }

  /** What a report shows of an application it has no usage of (or that the reader may not see). */
  public static AppUsage none(String queuePath) {
    return new AppUsage(queuePath, ResourceSeconds.NONE, ResourceSeconds.NONE, Resource.NONE, 0, 0, 0, 0,
        Resource.NONE);
  }
}
