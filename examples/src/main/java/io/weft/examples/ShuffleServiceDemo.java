package io.weft.examples;

import io.weft.driver.Pair;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code ShuffleServiceDemo <dir>}: reads one shuffle three times with pauses between, so that something
 * can happen to the executors or nodes holding its map output (docs/shuffle-service.md). Job 1 writes
 * the shuffle (8 map tasks, sums of 1..8000 by {@code x % 5}), then the driver creates {@code <dir>/written}
 * and waits for {@code <dir>/go-1}; job 2 reads it and prints {@code sums after pause 1: ...}, creates
 * {@code <dir>/read-1} and waits for {@code <dir>/go-2}; job 3 reads it again and prints
 * {@code sums after pause 2: ...}. Each wait gives up after 5 minutes.
 */
public final class ShuffleServiceDemo {
  private static final Duration WAIT = Duration.ofMinutes(5);

  private ShuffleServiceDemo() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ShuffleServiceDemo <dir>");
    }
    Path dir = Path.of(args[0]);
    try (WeftContext context = new WeftContext(new WeftConf().setAppName("ShuffleServiceDemo"))) {
      var sums = context.parallelize(IntStream.rangeClosed(1, 8000).boxed().toList(), 8)
          .mapToPair(x -> Pair.of(x % 5, (long) x))
          .reduceByKey(Long::sum, 4);
      System.out.println("keys: " + sums.count());
      signalAndWait(dir, "written", "go-1");
      System.out.println("sums after pause 1: " + sorted(sums.collect()));
      signalAndWait(dir, "read-1", "go-2");
      System.out.println("sums after pause 2: " + sorted(sums.collect()));
    }
  }

  private static List<Pair<Integer, Long>> sorted(List<Pair<Integer, Long>> pairs) {
    return pairs.stream().sorted((a, b) -> Integer.compare(a.key(), b.key())).toList();
  }

  private static void signalAndWait(Path dir, String signal, String awaited) {
    try {
      Files.createDirectories(dir);
      Files.createFile(dir.resolve(signal));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Gate.await(dir.resolve(awaited), WAIT);
  }
}
