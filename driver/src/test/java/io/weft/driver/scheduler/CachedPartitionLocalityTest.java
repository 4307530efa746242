package io.weft.driver.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.driver.executor.TaskRunner;
import io.weft.driver.function.SerializableFunction;
import io.weft.driver.plan.CachedLineage;
import io.weft.driver.plan.Lineage;
import io.weft.driver.plan.MapPartitionsLineage;
import io.weft.driver.plan.ParallelCollectionLineage;
import io.weft.driver.storage.BlockCache;
import io.weft.driver.storage.ExecutorStorage;
import io.weft.driver.storage.ShuffleStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks over a cached dataset run on the executor that cached their partition, so nothing is
 * computed twice; when that executor is lost, its partitions are computed again elsewhere.
 */
class CachedPartitionLocalityTest {
  /** How often each partition below the cache was computed; the in-JVM executors share this class. */
  private static final Map<Integer, AtomicInteger> COMPUTED = new ConcurrentHashMap<>();

  @TempDir Path shuffleDir;

  private final TaskScheduler scheduler = new TaskScheduler(4);
  private final JobRunner jobs = new JobRunner(scheduler, getClass().getClassLoader(), 4);
  private final List<InJvmExecutor> executors = new ArrayList<>();

  @AfterEach
  void stop() {
    scheduler.stop("test over");
    executors.forEach(e -> e.pool.shutdownNow());
    COMPUTED.clear();
  }

  @Test
  void tasksOverACachedDataset_runWhereTheirPartitionIsCached_andNothingIsRecomputed() {
    Lineage<Integer> cached = cachedSquares();
    add(new InJvmExecutor("a", 4));
    assertThat(sumOf(cached)).isEqualTo(expectedSum());
    assertThat(COMPUTED.values()).allSatisfy(n -> assertThat(n).hasValue(1));

    // b has more free slots, so without locality the least-loaded rule would send every task there
    InJvmExecutor b = add(new InJvmExecutor("b", 8));
    assertThat(sumOf(cached)).isEqualTo(expectedSum());

    assertThat(COMPUTED).hasSize(4).allSatisfy((partition, n) -> assertThat(n).hasValue(1));
    assertThat(b.launched).isEmpty();
  }

  @Test
  void whenTheCachingExecutorIsLost_itsPartitionsAreComputedAgainElsewhere() {
    Lineage<Integer> cached = cachedSquares();
    add(new InJvmExecutor("a", 4));
    sumOf(cached);
    InJvmExecutor b = add(new InJvmExecutor("b", 8));
    scheduler.executorLost("a", "container exited with 137");

    assertThat(sumOf(cached)).isEqualTo(expectedSum());
    assertThat(COMPUTED).allSatisfy((partition, n) -> assertThat(n).hasValue(2));
    assertThat(b.launched).hasSize(4);
  }

  private static Lineage<Integer> cachedSquares() {
    List<Integer> numbers = IntStream.rangeClosed(1, 100).boxed().toList();
    Lineage<Integer> source = new ParallelCollectionLineage<>(0, numbers, 4);
    SerializableFunction<Iterator<Integer>, Iterator<Integer>> square = values -> {
      List<Integer> out = new ArrayList<>();
      values.forEachRemaining(v -> out.add(v * v));
      return out.iterator();
    };
    Lineage<Integer> squares = new MapPartitionsLineage<Integer, Integer>(1, source, (index, values) -> {
      COMPUTED.computeIfAbsent(index, i -> new AtomicInteger()).incrementAndGet();
      return square.apply(values);
    });
    return new CachedLineage<>(2, squares);
  }

  private int sumOf(Lineage<Integer> lineage) {
    List<Integer> sums = jobs.runJob(lineage, values -> {
      int sum = 0;
      while (values.hasNext()) {
        sum += values.next();
      }
      return sum;
    }, Long.MAX_VALUE);
    return sums.stream().mapToInt(Integer::intValue).sum();
  }

  private static int expectedSum() {
    return IntStream.rangeClosed(1, 100).map(x -> x * x).sum();
  }

  private InJvmExecutor add(InJvmExecutor executor) {
    executors.add(executor);
    scheduler.executorAdded(executor);
    return executor;
  }

  /** An executor in this JVM with its own cache, running tasks through the real task runner. */
  private final class InJvmExecutor implements ExecutorHandle {
    private final String id;
    private final int cores;
    private final TaskRunner runner;
    private final ExecutorService pool;
    private final List<Integer> launched = new CopyOnWriteArrayList<>();

    InJvmExecutor(String id, int cores) {
      this.id = id;
      this.cores = cores;
      this.pool = Executors.newFixedThreadPool(cores);
      ClassLoader loader = CachedPartitionLocalityTest.class.getClassLoader();
      this.runner = new TaskRunner(loader, new ExecutorStorage(
          new ShuffleStore(id, "127.0.0.1", 0, shuffleDir.resolve(id), loader, Optional.empty()), new BlockCache()));
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public int cores() {
      return cores;
    }

    @Override
    public void launch(TaskDescription task) {
      launched.add(task.partition());
      pool.execute(() -> scheduler.taskEnded(runner.run(task)));
    }

    @Override
    public void stop(String reason) {
      pool.shutdownNow();
    }
  }
}
