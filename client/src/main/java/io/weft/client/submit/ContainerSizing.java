package io.weft.client.submit;

import io.weft.common.resource.Resource;

/**
 * A JVM container's size: the heap asked for plus off-heap overhead of max(10%, 384 MB), as
 * spark-submit computes it on YARN.
 */
public final class ContainerSizing {
  static final long MIN_OVERHEAD_MB = 384;

  private ContainerSizing() {}

  public static long overheadMb(long heapMb) {
    return Math.max(MIN_OVERHEAD_MB, heapMb / 10);
  }

  public static Resource containerFor(long heapMb, int cores) {
    return Resource.of(heapMb + overheadMb(heapMb), cores);
  }
}
