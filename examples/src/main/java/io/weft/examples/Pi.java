package io.weft.examples;

import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Estimates pi by throwing darts at the unit square, as SparkPi does. Usage: {@code Pi [slices]}
 * (default 2). Each slice is a task that throws 100,000 darts of its own, so only slice numbers
 * travel to the executors, not the darts.
 */
public final class Pi {
  static final int DARTS_PER_SLICE = 100_000;

  private Pi() {}

  public static void main(String[] args) {
    int slices = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    if (slices < 1) {
      throw new IllegalArgumentException("slices must be at least 1, got " + slices);
    }
    try (WeftContext context = new WeftContext(new WeftConf().setAppName("Pi"))) {
      List<Integer> sliceIds = IntStream.range(0, slices).boxed().toList();
      long inside = context.parallelize(sliceIds, slices)
          .map(slice -> dartsInside(DARTS_PER_SLICE))
          .reduce(Long::sum);
      System.out.println("Pi is roughly " + 4.0 * inside / ((long) DARTS_PER_SLICE * slices));
    }
  }

  private static long dartsInside(int darts) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long inside = 0;
    for (int i = 0; i < darts; i++) {
      double x = random.nextDouble() * 2 - 1;
      double y = random.nextDouble() * 2 - 1;
      if (x * x + y * y <= 1) {
        inside++;
      }
    }
    return inside;
  }
}
