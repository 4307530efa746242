package io.weft.examples;

import io.weft.driver.Pair;
import io.weft.driver.PairDataset;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Work, a long idle gap, then work again, as dynamic allocation sees a notebook or a job server:
 * {@code IdleGapJob <gate-file> [tasks] [task-ms]} sums the numbers 0..999 by their last digit in
 * {@code tasks} map tasks (default 40) that each take {@code task-ms} (default 500), prints the sums,
 * then waits, running nothing, until {@code gate-file} exists; then it reads the same shuffle again
 * and runs a second stage of {@code tasks} tasks, and prints both answers. With dynamic allocation on,
 * the executors come during the first stage, go during the gap and come back for the second. Given
 * a fourth argument, a file, it waits for that one too before it stops its context (so its stages can
 * still be read from its UI).
 */
public final class IdleGapJob {
  private IdleGapJob() {}

  public static void main(String[] args) throws Exception {
    Path gate = Path.of(args[0]);
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    long taskMs = args.length > 2 ? Long.parseLong(args[2]) : 500;
    try (WeftContext context = new WeftContext(new WeftConf().setAppName("IdleGapJob"))) {
      PairDataset<Integer, Long> sums = context.parallelize(IntStream.range(0, 1000).boxed().toList(), tasks)
          .mapPartitions(numbers -> pause(numbers, taskMs))
          .mapToPair(n -> Pair.of(n % 10, (long) n)).reduceByKey(Long::sum, 4);
      System.out.println("Sums before the gap: " + new TreeMap<>(sums.collectAsMap()));
      System.out.println("Waiting for " + gate);
      Gate.await(gate, null); // the user's own pause: nothing runs on the executors meanwhile
      Map<Integer, Long> again = new TreeMap<>(sums.collectAsMap());
      long squares = context.parallelize(IntStream.range(0, 1000).boxed().toList(), tasks)
          .mapPartitions(numbers -> pause(numbers, taskMs)).map(n -> (long) n * n).reduce(Long::sum);
      System.out.println("Sums after the gap: " + again);
      System.out.println("Sum of squares after the gap: " + squares);
      if (args.length > 3) {
        System.out.println("Waiting for " + args[3]);
        Gate.await(Path.of(args[3]), null);
      }
    }
  }

  private static <T> java.util.Iterator<T> pause(java.util.Iterator<T> partition, long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return partition;
  }
}
