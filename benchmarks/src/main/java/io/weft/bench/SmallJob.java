package io.weft.bench;

import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import io.weft.jobserver.Job;
import io.weft.jobserver.JobContext;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The small job {@link JobServerLatency} times both ways: the sum of 2·i over 0..9999 in 4 partitions. As a
 * {@link Job} it runs on a warm job server's context; as a main it makes its own (submitted with weft submit).
 */
public final class SmallJob implements Job<Long> {
  static final String RESULT = "small-job-result=";

  @Override
  public Long run(JobContext context) {
    return sum(context.weft());
  }

  static long sum(WeftContext weft) {
    List<Integer> numbers = IntStream.range(0, 10_000).boxed().toList();
    return weft.parallelize(numbers, 4).map(i -> 2L * i).collect().stream().mapToLong(Long::longValue).sum();
  }

  public static void main(String[] args) {
    try (WeftContext weft = new WeftContext(new WeftConf().setAppName("SmallJob"))) {
      System.out.println(RESULT + sum(weft));
    }
  }
}
