package io.weft.driver.rpc;

import io.weft.shuffle.rpc.DirectoryShuffleHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.HostPort;
import io.weft.common.rpc.RpcServer;
import io.weft.driver.Pair;
import io.weft.driver.plan.Aggregator;
import io.weft.driver.plan.Dependency;
import io.weft.driver.plan.ParallelCollectionLineage;
import io.weft.driver.plan.Partitioner;
import io.weft.driver.storage.FetchFailedException;
import io.weft.driver.storage.MapStatus;
import io.weft.driver.storage.ShuffleStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Two executors' shuffle stores over real gRPC on 127.0.0.1 (and TLS): blocks stream across, secrets are checked. */
class ShuffleFetchTest {
  private static final String SECRET = "s3cret";

  @TempDir
  Path mapSide;

  @TempDir
  Path reduceSide;

  private static Dependency.Shuffle shuffle(int reducers) {
    Aggregator<Integer, Integer, Integer> sum = new Aggregator<>(v -> v, Integer::sum, Integer::sum);
    return new Dependency.Shuffle(new ParallelCollectionLineage<>(0, List.of(), 1), 7, new Partitioner.Hash(reducers),
        sum, true);
  }

  private static List<Pair<Object, Object>> pairs(int n) {
    List<Pair<Object, Object>> pairs = new ArrayList<>();
    IntStream.range(0, n).forEach(i -> pairs.add(Pair.of(i % 100, 1)));
    return pairs;
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void reduceSide_fetchesAnotherExecutorsBlocks_inChunks_andCombinesNothingItself(boolean tls) {
    AppCredentials credentials = tls ? AppCredentials.create("app", true) : AppCredentials.plaintext(SECRET);
    RpcServer server = ShuffleEndpoint.netty("127.0.0.1", "app", credentials, mapSide);
    server.start();
    try (GrpcBlockFetcher fetcher = new GrpcBlockFetcher(credentials, Duration.ofSeconds(30))) {
      ShuffleStore writer = new ShuffleStore("1", "127.0.0.1", server.port(), mapSide, getClass().getClassLoader(),
          Optional.empty());
      // many distinct keys so a block spans several 256 KB chunks
      List<Pair<Object, Object>> big = new ArrayList<>();
      IntStream.range(0, 60_000).forEach(i -> big.add(Pair.of("key-" + i, i)));
      MapStatus status = writer.write(shuffle(2), 0, big.iterator());
      assertThat(status.totalBytes()).isGreaterThan(2L * 256 * 1024);

      ShuffleStore reader = new ShuffleStore("2", "127.0.0.1", 0, reduceSide, getClass().getClassLoader(),
          Optional.of(fetcher));
      List<Pair<Object, Object>> fetched = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        reader.read(7, r, List.of(status)).forEachRemaining(fetched::add);
      }
      assertThat(fetched).hasSize(60_000);
      assertThat(new java.util.HashSet<>(fetched)).isEqualTo(new java.util.HashSet<>(big));
      assertThat(reduceSide.toFile().list()).as("fetched copies are deleted once read").isEmpty();
    } finally {
      server.close();
    }
  }

  @Test
  void mapSideCombine_writesOnePairPerKey() {
    ShuffleStore store = new ShuffleStore("1", "127.0.0.1", 0, mapSide, getClass().getClassLoader(), Optional.empty());
    MapStatus status = store.write(shuffle(1), 0, pairs(1000).iterator());
    List<Pair<Object, Object>> read = new ArrayList<>();
    store.read(7, 0, List.of(status)).forEachRemaining(read::add);
    assertThat(read).hasSize(100).allSatisfy(p -> assertThat(p.value()).isEqualTo(10));
  }

  @Test
  void goneExecutor_orWrongSecret_isAFetchFailureNamingTheExecutor() {
    RpcServer server = RpcServer.netty(new HostPort("127.0.0.1", 0),
        List.of(new AppSecretServerInterceptor("app", SECRET)), new DirectoryShuffleHandler(mapSide));
    server.start();
    ShuffleStore writer = new ShuffleStore("1", "127.0.0.1", server.port(), mapSide, getClass().getClassLoader(),
        Optional.empty());
    MapStatus status = writer.write(shuffle(1), 0, pairs(10).iterator());
    try (GrpcBlockFetcher wrong = new GrpcBlockFetcher(AppCredentials.plaintext("wrong"), Duration.ofSeconds(30))) {
      ShuffleStore reader = new ShuffleStore("2", "127.0.0.1", 0, reduceSide, getClass().getClassLoader(),
          Optional.of(wrong));
      assertThatThrownBy(() -> reader.read(7, 0, List.of(status)).hasNext())
          .isInstanceOf(FetchFailedException.class).hasMessageContaining("executor 1")
          .hasMessageContaining("UNAUTHENTICATED");
    } finally {
      server.close();
    }
    try (GrpcBlockFetcher fetcher = new GrpcBlockFetcher(AppCredentials.plaintext(SECRET), Duration.ofSeconds(30))) {
      ShuffleStore reader = new ShuffleStore("2", "127.0.0.1", 0, reduceSide, getClass().getClassLoader(),
          Optional.of(fetcher));
      assertThatThrownBy(() -> reader.read(7, 0, List.of(status)).hasNext())
          .isInstanceOfSatisfying(FetchFailedException.class, e -> assertThat(e.executorId()).isEqualTo("1"))
          .hasMessageContaining("127.0.0.1:" + status.port());
    }
  }
}
