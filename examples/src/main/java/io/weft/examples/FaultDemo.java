package io.weft.examples;

import io.weft.driver.Pair;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.util.stream.IntStream;

/**
 * Shows how jobs behave under faults. {@code FaultDemo fail}: every task throws, so the job fails
 * after {@code weft.task.maxFailures} attempts with the task's exception. {@code FaultDemo slow
 * <ms>}: a shuffle job whose map tasks take {@code ms} each (time to kill an executor in the middle)
 * and prints {@code sum by key: ...}, the same whatever executors are lost on the way.
 * {@code FaultDemo slow-output <ms> <dir>}: writes the numbers 1 to 4000 into 4 part files of
 * {@code dir}, each task pausing {@code ms} half-way through its part (time to kill the AM while its
 * output is being written).
 */
public final class FaultDemo {
  private FaultDemo() {}

  public static void main(String[] args) {
    String mode = args.length > 0 ? args[0] : "";
    try (WeftContext context = new WeftContext(new WeftConf().setAppName("FaultDemo " + mode))) {
      switch (mode) {
        case "fail" -> context.parallelize(IntStream.range(0, 4).boxed().toList(), 2).map(x -> {
          throw new IllegalStateException("deliberate failure on element " + x);
        }).count();
        case "slow" -> {
          long pauseMs = args.length > 1 ? Long.parseLong(args[1]) : 1000;
          var sums = context.parallelize(IntStream.rangeClosed(1, 8000).boxed().toList(), 8)
              .mapPartitions(it -> {
                pause(pauseMs);
                return it;
              })
              .mapToPair(x -> Pair.of(x % 5, (long) x))
              .reduceByKey(Long::sum, 4)
              .sortByKey(true, 1)
              .collect();
          System.out.println("sum by key: " + sums);
        }
        case "slow-output" -> {
          long pauseMs = Long.parseLong(args[1]);
          context.parallelize(IntStream.rangeClosed(1, 4000).boxed().toList(), 4).map(x -> {
            if (x % 1000 == 500) {
              pause(pauseMs);
            }
            return x;
          }).saveAsTextFile(args[2]);
          System.out.println("wrote 4000 lines to " + args[2]);
        }
        default -> throw new IllegalArgumentException("usage: FaultDemo fail | FaultDemo slow <ms> | "
            + "FaultDemo slow-output <ms> <dir>; got '" + mode + "'");
      }
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
