package io.weft.examples;

import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Estimates pi by throwing darts at the unit square, as SparkPi does. Usage: {@code Pi [slices]}
 * (default 2); each slice throws 100,000 darts.
 */
public final class Pi {
  private Pi() {}

  public static void main(String[] args) {
    int slices = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    if (slices < 1) {
      throw new IllegalArgumentException("slices must be at least 1, got " + slices);
    }
    int n = (int) Math.min(100_000L * slices, Integer.MAX_VALUE);
    try (WeftContext context = new WeftContext(new WeftConf().setAppName("Pi"))) {
      List<Integer> darts = IntStream.range(0, n).boxed().toList();
      int inside = context.parallelize(darts, slices)
          .map(i -> {
            double x = ThreadLocalRandom.current().nextDouble() * 2 - 1;
            double y = ThreadLocalRandom.current().nextDouble() * 2 - 1;
            return x * x + y * y <= 1 ? 1 : 0;
          })
          .reduce(Integer::sum);
      System.out.println("Pi is roughly " + 4.0 * inside / n);
    }
  }
}
