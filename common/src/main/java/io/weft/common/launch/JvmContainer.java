package io.weft.common.launch;

import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import java.util.ArrayList;
import java.util.List;

/**
 * The size of a container that runs a JVM: the heap asked for plus off-heap overhead of
 * max(10%, 384 MB), as spark-submit computes it on YARN. The client sizes the AM with it and the
 * AM sizes executors with it.
 */
public final class JvmContainer {
  public static final long MIN_OVERHEAD_MB = 384;

  private JvmContainer() {}

  /**
   * The command that starts {@code mainClass} with {@code heapMb} of heap on Weft's class path,
   * with the node's {@link Placeholders#WEFT_JVM_OPTIONS} before the main class; arguments follow.
   */
  public static List<String> command(long heapMb, String mainClass) {
    return new ArrayList<>(List.of(Placeholders.JAVA, "-Xmx" + heapMb + "m", "-cp", Placeholders.WEFT_CLASSPATH,
        Placeholders.WEFT_JVM_OPTIONS, mainClass));
  }

  public static long overheadMb(long heapMb) {
    return Math.max(MIN_OVERHEAD_MB, heapMb / 10);
  }

  public static Resource resourceFor(long heapMb, int cores) {
    return Resource.of(heapMb + overheadMb(heapMb), cores);
  }

  /**
   * The container for {@code heapMb} and {@code cores}, checked against the cluster's largest
   * container before anything is uploaded or submitted; the message names {@code what}, the
   * figures and the limit.
   */
  public static Resource requireFits(String what, long heapMb, int cores, Resource maximum) {
    Resource container = resourceFor(heapMb, cores);
    if (container.memoryMb() > maximum.memoryMb()) {
      throw WeftException.invalidArgument(what + " memory " + heapMb + " MB + " + overheadMb(heapMb)
          + " MB overhead = " + container.memoryMb() + " MB exceeds the maximum allocation "
          + maximum.memoryMb() + " MB");
    }
    if (container.vcores() > maximum.vcores()) {
      throw WeftException.invalidArgument(what + " cores " + container.vcores()
          + " exceed the maximum allocation " + maximum.vcores() + " vcores");
    }
    return container;
  }
}
