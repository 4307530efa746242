package io.weft.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.CommonKeys;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalModeTest {
  /** Attempts per partition of the flaky job; local executors share the test's JVM. */
  private static final Map<Integer, AtomicInteger> FLAKY_ATTEMPTS = new ConcurrentHashMap<>();
  private static final AtomicInteger ALWAYS_FAILING_ATTEMPTS = new AtomicInteger();

  private WeftContext context;

  @BeforeEach
  void start() {
    context = new WeftContext(new WeftConf(false).setMaster("local[2]").setAppName("local-test"));
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private static List<Integer> oneTo(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }

  @Test
  void mapFilterReduce_computeTheSameAsJavaStreams() {
    Dataset<Integer> squares = context.parallelize(oneTo(100), 4).map(x -> x * x);
    assertThat(squares.reduce(Integer::sum)).isEqualTo(IntStream.rangeClosed(1, 100).map(x -> x * x).sum());
    assertThat(squares.filter(x -> x % 2 == 0).count()).isEqualTo(50);
    assertThat(context.parallelize(oneTo(10), 3).map(x -> "v" + x).collect())
        .containsExactly("v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10");
  }

  @Test
  void actions_onMorePartitionsThanElements_handleEmptyPartitions() {
    Dataset<Integer> small = context.parallelize(oneTo(3), 8);
    assertThat(small.numPartitions()).isEqualTo(8);
    assertThat(small.count()).isEqualTo(3);
    assertThat(small.reduce(Integer::sum)).isEqualTo(6);
    assertThatThrownBy(() -> small.filter(x -> x > 10).reduce(Integer::sum))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("empty");
  }

  @Test
  void parallelize_withoutSlices_usesTheLocalThreadCount() {
    assertThat(context.defaultParallelism()).isEqualTo(2);
    assertThat(context.parallelize(oneTo(10)).numPartitions()).isEqualTo(2);
    assertThat(context.applicationId()).startsWith("local-");
  }

  @Test
  void taskThatAlwaysThrows_failsTheJobAfterFourAttempts_withTheUsersMessage() {
    ALWAYS_FAILING_ATTEMPTS.set(0);
    Dataset<Integer> failing = context.parallelize(oneTo(4), 1).map(x -> {
      ALWAYS_FAILING_ATTEMPTS.incrementAndGet();
      throw new IllegalStateException("boom on " + x);
    });
    assertThatThrownBy(failing::count)
        .isInstanceOf(WeftJobException.class)
        .hasMessageContaining("java.lang.IllegalStateException: boom on 1")
        .hasMessageContaining("failed 4 times");
    assertThat(ALWAYS_FAILING_ATTEMPTS.get()).isEqualTo(4);
    // the context keeps working after a failed job
    assertThat(context.parallelize(oneTo(5), 2).count()).isEqualTo(5);
  }

  @Test
  void taskClosingOverARefusedClass_failsNamingTheClass_andResultsOfOneAreRefusedByTheDriver() {
    java.util.logging.Level captured = java.util.logging.Level.INFO;
    assertThatThrownBy(() -> context.parallelize(oneTo(2), 1).map(x -> captured.getName() + x).collect())
        .isInstanceOf(WeftJobException.class)
        .hasMessageContaining("RefusedObjectException: refused to deserialize")
        .hasMessageContaining("class java.util.logging.Level of the JDK is not a value or collection class");
    assertThatThrownBy(() -> context.parallelize(oneTo(2), 1).map(x -> java.util.logging.Level.INFO).collect())
        .isInstanceOf(io.weft.driver.serialize.RefusedObjectException.class)
        .hasMessageContaining("class java.util.logging.Level");
    assertThat(context.parallelize(oneTo(5), 2).count()).isEqualTo(5);
  }

  @Test
  void taskThatFailsOnce_isRetriedAndTheJobSucceeds() {
    FLAKY_ATTEMPTS.clear();
    long sum = context.parallelize(oneTo(20), 4).map(x -> {
      if (x % 5 == 1 && FLAKY_ATTEMPTS.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet() == 1) {
        throw new IllegalStateException("flaky " + x);
      }
      return (long) x;
    }).reduce(Long::sum);
    assertThat(sum).isEqualTo(210L);
    assertThat(FLAKY_ATTEMPTS).hasSize(4).allSatisfy((k, v) -> assertThat(v.get()).isEqualTo(2));
  }

  @Test
  void closureThatIsNotSerializable_failsWithAClearMessage() {
    Object notSerializable = new Object();
    assertThatThrownBy(() -> context.parallelize(oneTo(2), 1).map(x -> notSerializable.hashCode() + x).count())
        .hasMessageContaining("not serializable");
  }

  @Test
  void stoppedContext_refusesNewWork() {
    context.stop();
    assertThatThrownBy(() -> context.parallelize(oneTo(2), 1)).hasMessageContaining("stopped");
  }

  @Test
  void masterWeft_withoutAnApplicationMaster_isClientMode_andAnUnreachableRmIsNamed() {
    // The driver keeps trying an unreachable RM for the max wait (15 min by default); here, a moment.
    assertThatThrownBy(() -> new WeftContext(new WeftConf(false).setMaster("weft://127.0.0.1:1")
        .set(CommonKeys.RM_CONNECT_MAX_WAIT.key(), "200")))
        .hasMessageContaining("the ResourceManager at 127.0.0.1:1 could not be reached for");
    assertThatThrownBy(() -> new WeftContext(new WeftConf(false)))
        .hasMessageContaining("weft.master");
    assertThatThrownBy(() -> new WeftContext(new WeftConf(false).setMaster("yarn")))
        .hasMessageContaining("cannot parse master URL 'yarn'");
  }

  @Test
  void weftConf_loadsWeftSystemProperties() {
    System.setProperty("weft.test.key", "v");
    try {
      WeftConf conf = new WeftConf();
      assertThat(conf.get("weft.test.key")).isEqualTo("v");
      assertThat(conf.get("weft.absent", "dflt")).isEqualTo("dflt");
      assertThat(conf.getAll()).containsEntry("weft.test.key", "v");
      assertThatThrownBy(() -> conf.get("weft.absent")).hasMessageContaining("weft.absent");
    } finally {
      System.clearProperty("weft.test.key");
    }
  }
}
