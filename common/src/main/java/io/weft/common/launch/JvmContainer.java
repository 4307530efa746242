package io.weft.common.launch;

import io.weft.common.resource.Resource;

/**
 * The size of a container that runs a JVM: the heap asked for plus off-heap overhead of
 * max(10%, 384 MB), as spark-submit computes it on YARN. The client sizes the AM with it and the
 * AM sizes executors with it.
 */
public final class JvmContainer {
  public static final long MIN_OVERHEAD_MB = 384;

  private JvmContainer() {}

  public static long overheadMb(long heapMb) {
    return Math.max(MIN_OVERHEAD_MB, heapMb / 10);
  }

  public static Resource resourceFor(long heapMb, int cores) {
    return Resource.of(heapMb + overheadMb(heapMb), cores);
  }
}
