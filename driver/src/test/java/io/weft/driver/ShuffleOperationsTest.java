package io.weft.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lazy lineage operations and shuffles, in local mode (real shuffle files, in-JVM executor threads). */
class ShuffleOperationsTest {
  private static final AtomicInteger CACHED_COMPUTATIONS = new AtomicInteger();
  private static WeftContext context;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    context = new WeftContext(new WeftConf(false).setMaster("local[2]").setAppName("shuffle-test")
        .set("weft.driver.maxResultSize", "1m"));
  }

  @AfterAll
  static void stop() {
    context.stop();
  }

  private static List<Integer> oneTo(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }

  @Test
  void reduceByKey_countsLikeJavaStreams() {
    List<String> words = IntStream.range(0, 1000).mapToObj(i -> "w" + (i % 37)).toList();
    Map<String, Integer> counts = context.parallelize(words, 5).mapToPair(w -> Pair.of(w, 1))
        .reduceByKey(Integer::sum, 3).collectAsMap();
    Map<String, Integer> expected = words.stream().collect(Collectors.toMap(Function.identity(), w -> 1, Integer::sum));
    assertThat(counts).isEqualTo(expected);
  }

  @Test
  void groupByKey_distinct_union_flatMap_mapPartitions() {
    Map<Integer, List<Integer>> groups = context.parallelize(oneTo(20), 4).mapToPair(x -> Pair.of(x % 3, x))
        .groupByKey(2).mapValues(list -> list.stream().sorted().toList()).collectAsMap();
    assertThat(groups).containsEntry(0, List.of(3, 6, 9, 12, 15, 18)).hasSize(3);
    assertThat(context.parallelize(List.of(1, 2, 2, 3, 3, 3), 3).distinct().collect())
        .containsExactlyInAnyOrder(1, 2, 3);
    assertThat(context.parallelize(oneTo(3), 2).union(context.parallelize(List.of(9), 1)).collect())
        .containsExactly(1, 2, 3, 9);
    assertThat(context.parallelize(List.of("a b", "c"), 2).flatMap(s -> Arrays.asList(s.split(" "))).collect())
        .containsExactly("a", "b", "c");
    assertThat(context.parallelize(oneTo(10), 2).mapPartitions(it -> {
      int sum = 0;
      while (it.hasNext()) {
        sum += it.next();
      }
      return List.of(sum).iterator();
    }).collect()).containsExactly(15, 40);
  }

  @Test
  void join_thenAggregate_givesTheSameAsInMemory() {
    PairDataset<Integer, String> names = context.parallelize(oneTo(50), 3).mapToPair(x -> Pair.of(x % 10, "n" + x));
    PairDataset<Integer, Integer> scores = context.parallelize(oneTo(30), 2).mapToPair(x -> Pair.of(x % 10, x));
    Map<Integer, Integer> joined = names.join(scores, 4).mapValues(p -> p.value()).reduceByKey(Integer::sum)
        .collectAsMap();
    Map<Integer, Integer> expected = new TreeMap<>();
    for (int n = 1; n <= 50; n++) {
      for (int s = 1; s <= 30; s++) {
        if (n % 10 == s % 10) {
          expected.merge(n % 10, s, Integer::sum);
        }
      }
    }
    assertThat(new TreeMap<>(joined)).isEqualTo(expected);
  }

  @Test
  void sortByKey_ordersAcrossPartitions_bothWays() {
    List<Integer> shuffled = new ArrayList<>(oneTo(500));
    Collections.shuffle(shuffled, new java.util.Random(7));
    PairDataset<Integer, String> pairs = context.parallelize(shuffled, 4).mapToPair(x -> Pair.of(x, "v" + x));
    assertThat(pairs.sortByKey(true, 3).keys().collect()).isEqualTo(oneTo(500));
    List<Integer> descending = new ArrayList<>(oneTo(500));
    Collections.reverse(descending);
    assertThat(pairs.sortByKey(false, 3).keys().collect()).isEqualTo(descending);
  }

  @Test
  void textFile_readsEveryLineOnce_acrossSplits(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("in.txt");
    List<String> lines = IntStream.range(0, 2000).mapToObj(i -> "line " + i + " é".repeat(i % 7)).toList();
    Files.write(file, lines, StandardCharsets.UTF_8);
    for (int splits : new int[] {1, 3, 7, 64}) {
      assertThat(context.textFile(file.toString(), splits).collect()).as("%d splits", splits).isEqualTo(lines);
    }
    Path crlf = tmp.resolve("crlf.txt");
    Files.writeString(crlf, "a\r\nbb\r\n\r\nccc");
    assertThat(context.textFile(crlf.toString(), 4).collect()).containsExactly("a", "bb", "", "ccc");
    assertThatThrownBy(() -> context.textFile(tmp.resolve("absent").toString(), 1))
        .hasMessageContaining("absent").hasMessageContaining("does not exist");
  }

  @Test
  void saveAsTextFile_writesPartFiles_andRefusesANonEmptyDirectory() throws IOException {
    Path out = dir.resolve("out");
    context.parallelize(oneTo(5), 2).mapToPair(x -> Pair.of("k" + x, x)).saveAsTextFile(out.toString());
    assertThat(Files.readAllLines(out.resolve("part-00000"))).containsExactly("k1\t1", "k2\t2");
    assertThat(Files.readAllLines(out.resolve("part-00001"))).containsExactly("k3\t3", "k4\t4", "k5\t5");
    assertThatThrownBy(() -> context.parallelize(oneTo(1), 1).saveAsTextFile(out.toString()))
        .hasMessageContaining(out.toString()).hasMessageContaining("already exists");
  }

  @Test
  void cache_computesPartitionsOnce_takeAndForeachWork() {
    CACHED_COMPUTATIONS.set(0);
    Dataset<Integer> cached = context.parallelize(oneTo(10), 2).map(x -> {
      CACHED_COMPUTATIONS.incrementAndGet();
      return x * 2;
    }).cache();
    assertThat(cached.count()).isEqualTo(10);
    assertThat(cached.reduce(Integer::sum)).isEqualTo(110);
    assertThat(CACHED_COMPUTATIONS.get()).isEqualTo(10);
    assertThat(cached.take(3)).containsExactly(2, 4, 6);
    assertThat(cached.take(0)).isEmpty();
    AtomicInteger seen = FOREACH_SEEN;
    seen.set(0);
    cached.foreach(x -> FOREACH_SEEN.addAndGet(x));
    assertThat(seen.get()).isEqualTo(110);
  }

  private static final AtomicInteger FOREACH_SEEN = new AtomicInteger();

  @Test
  void secondJobOnTheSameShuffle_skipsTheMapStage() {
    CACHED_COMPUTATIONS.set(0);
    PairDataset<Integer, Integer> sums = context.parallelize(oneTo(100), 4).mapToPair(x -> {
      CACHED_COMPUTATIONS.incrementAndGet();
      return Pair.of(x % 4, x);
    }).reduceByKey(Integer::sum);
    assertThat(sums.count()).isEqualTo(4);
    assertThat(sums.collectAsMap()).containsEntry(0, 1300);
    assertThat(CACHED_COMPUTATIONS.get()).isEqualTo(100);
  }

  @Test
  void collectAboveMaxResultSize_failsNamingSizeAndLimit_andTheNextJobWorks() {
    Dataset<String> big = context.parallelize(oneTo(40), 4).map(x -> "x".repeat(100_000));
    assertThatThrownBy(big::collect).isInstanceOf(WeftJobException.class)
        .hasMessageContaining("weft.driver.maxResultSize").hasMessageContaining("1048576 bytes");
    assertThat(big.count()).isEqualTo(40);
  }
}
