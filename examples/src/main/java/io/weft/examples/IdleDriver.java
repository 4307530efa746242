package io.weft.examples;

import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

/**
 * A long-lived driver for trying {@code weft.driver.idleTimeout}: {@code IdleDriver <jobs> <gapMs>}
 * runs {@code jobs} small jobs {@code gapMs} apart, then sits idle and never returns by itself, as a
 * driver waiting for work does. With an idle timeout longer than the gap, every job runs; then the
 * context stops itself and the application ends SUCCEEDED saying it was idle.
 */
public final class IdleDriver {
  private IdleDriver() {}

  public static void main(String[] args) throws InterruptedException {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    long gapMs = args.length > 1 ? Long.parseLong(args[1]) : 1000;
    WeftContext context = new WeftContext(new WeftConf().setAppName("IdleDriver"));
    List<Integer> numbers = IntStream.rangeClosed(1, 100).boxed().toList();
    for (int job = 1; job <= jobs; job++) {
      if (job > 1) {
        Thread.sleep(gapMs); // the gap the idle timeout must outlast
      }
      long sum = context.parallelize(numbers, 2).map(x -> (long) x).reduce(Long::sum);
      System.out.println("job " + job + " of " + jobs + ": sum " + sum);
    }
    System.out.println("ran " + jobs + " jobs; now idle");
    new CountDownLatch(1).await(); // waits for work that never comes
  }
}
