package io.weft.examples;

import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Keeps executors busy for a while: {@code SleepJob <seconds> [tasks]} runs {@code tasks} tasks
 * (default 2) that each sleep {@code seconds}. Handy for trying kills, the console and queues.
 */
public final class SleepJob {
  private SleepJob() {}

  public static void main(String[] args) {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    try (WeftContext context = new WeftContext(new WeftConf().setAppName("SleepJob"))) {
      List<Integer> ids = IntStream.range(0, tasks).boxed().toList();
      long slept = context.parallelize(ids, tasks).map(i -> sleep(seconds)).count();
      System.out.println("Slept in " + slept + " tasks");
    }
  }

  private static int sleep(long seconds) {
    try {
      Thread.sleep(seconds * 1000);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
