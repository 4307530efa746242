package io.weft.driver.storage;

import static java.util.Objects.requireNonNull;

import io.weft.driver.Pair;
import io.weft.driver.plan.Aggregator;
import io.weft.driver.plan.Dependency;
import io.weft.shuffle.ShuffleBlocks;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An executor's shuffle files: a map task writes one file per reduce partition
 * ({@link ShuffleBlocks#blockFile}, Java-serialized pairs ending with a null) under {@code dir}; a
 * reduce task reads the blocks it needs from here when this executor wrote them, else from whoever
 * serves them (the executor that wrote them, or its node's shuffle service) through {@code remote},
 * one block at a time, so a shuffle is never held in memory whole. The outputs it writes name
 * {@code host:port} as where to fetch them, and whether that is the node's shuffle service.
 */
public final class ShuffleStore {
  private static final int RESET_EVERY = 1000;

  private final String executorId;
  private final String host;
  private final int port;
  private final Path dir;
  private final ClassLoader loader;
  private final Optional<BlockFetcher> remote;
  private final boolean servedByNodeService;

  /** Gets one block of another executor into a local file. */
  public interface BlockFetcher {
    void fetch(MapStatus from, int shuffleId, int reducePartition, Path into) throws IOException;
  }

  public ShuffleStore(String executorId, String host, int port, Path dir, ClassLoader loader,
      Optional<BlockFetcher> remote) {
    this(executorId, host, port, dir, loader, remote, false);
  }

  /** With {@code servedByNodeService}, {@code host:port} is the node's shuffle service, which serves {@code dir}. */
  public ShuffleStore(String executorId, String host, int port, Path dir, ClassLoader loader,
      Optional<BlockFetcher> remote, boolean servedByNodeService) {
    this.servedByNodeService = servedByNodeService;
    this.executorId = requireNonNull(executorId);
    this.host = requireNonNull(host);
    this.port = port;
    this.dir = requireNonNull(dir);
    this.loader = requireNonNull(loader);
    this.remote = requireNonNull(remote);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create shuffle directory " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The file of one block; it may not exist (an empty block). */
  public Path blockFile(int shuffleId, int mapPartition, int reducePartition) {
    return blockFile(dir, shuffleId, mapPartition, reducePartition);
  }

  /** The file of one block under a shuffle directory {@code dir}. */
  public static Path blockFile(Path dir, int shuffleId, int mapPartition, int reducePartition) {
    return ShuffleBlocks.blockFile(dir, shuffleId, mapPartition, reducePartition);
  }

  /** Writes the pairs of map partition {@code mapPartition}, partitioned (and combined) as {@code dep} says. */
  public MapStatus write(Dependency.Shuffle dep, int mapPartition, Iterator<Pair<Object, Object>> records) {
    return write(dep, mapPartition, records, count -> { });
  }

  /** As {@link #write(Dependency.Shuffle, int, Iterator)}; {@code recordsWritten} hears how many records (after combining) went to disk. */
  @SuppressWarnings("unchecked")
  public MapStatus write(Dependency.Shuffle dep, int mapPartition, Iterator<Pair<Object, Object>> records,
      java.util.function.LongConsumer recordsWritten) {
    Aggregator<Object, Object, Object> aggregator = (Aggregator<Object, Object, Object>) dep.aggregator();
    if (aggregator != null && dep.mapSideCombine()) {
      Map<Object, Object> combined = new HashMap<>();
      records.forEachRemaining(p -> {
        Object current = combined.get(p.key());
        combined.put(p.key(), current == null && !combined.containsKey(p.key())
            ? aggregator.createCombiner().apply(p.value()) : aggregator.mergeValue().apply(current, p.value()));
      });
      List<Pair<Object, Object>> out = new ArrayList<>(combined.size());
      combined.forEach((k, v) -> out.add(new Pair<>(k, v)));
      records = out.iterator();
    }
    int n = dep.partitioner().numPartitions();
    String attempt = UUID.randomUUID().toString();
    ObjectOutputStream[] outs = new ObjectOutputStream[n];
    int[] written = new int[n];
    long[] sizes = new long[n];
    try {
      try {
        while (records.hasNext()) {
          Pair<Object, Object> pair = records.next();
          int r = dep.partitioner().partition(pair.key());
          if (outs[r] == null) {
            outs[r] = new ObjectOutputStream(new BufferedOutputStream(
                Files.newOutputStream(tempFile(dep.shuffleId(), mapPartition, r, attempt)), 16 * 1024));
          }
          outs[r].writeObject(pair);
          if (++written[r] % RESET_EVERY == 0) {
            outs[r].reset(); // forget back-references, so memory stays flat
          }
        }
      } finally {
        for (ObjectOutputStream out : outs) {
          if (out != null) {
            out.writeObject(null);
            out.close();
          }
        }
      }
      for (int r = 0; r < n; r++) {
        if (outs[r] != null) {
          Path block = blockFile(dep.shuffleId(), mapPartition, r);
          Files.move(tempFile(dep.shuffleId(), mapPartition, r, attempt), block, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
          sizes[r] = Files.size(block);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write map output " + mapPartition + " of shuffle " + dep.shuffleId()
          + " under " + dir + ": " + e.getMessage(), e);
    }
    recordsWritten.accept(java.util.Arrays.stream(written).asLongStream().sum());
    return new MapStatus(executorId, host, port, mapPartition, sizes, servedByNodeService);
  }

  private Path tempFile(int shuffleId, int mapPartition, int reducePartition, String attempt) {
    return ShuffleBlocks.tempFile(dir, shuffleId, mapPartition, reducePartition, attempt);
  }

  /** The pairs of reduce partition {@code reducePartition} from every map output in {@code outputs}. */
  public Iterator<Pair<Object, Object>> read(int shuffleId, int reducePartition, List<MapStatus> outputs) {
    List<MapStatus> nonEmpty = outputs.stream().filter(s -> s.blockSizes()[reducePartition] > 0).toList();
    return new BlockIterator(this, shuffleId, reducePartition, nonEmpty, loader);
  }

  /** The local file of a block, fetching it first when another executor holds it; {@code fetched} marks a copy. */
  BlockSource open(int shuffleId, int reducePartition, MapStatus from) {
    if (from.executorId().equals(executorId)) {
      Path file = blockFile(shuffleId, from.mapPartition(), reducePartition);
      if (!Files.isRegularFile(file)) {
        throw new FetchFailedException(executorId, "map output " + from.mapPartition() + " of shuffle " + shuffleId
            + " is missing from " + dir, null);
      }
      return new BlockSource(file, false);
    }
    BlockFetcher fetcher = remote.orElseThrow(() -> new FetchFailedException(from.executorId(), "executor "
        + executorId + " cannot reach " + from.describeServer() + " (no remote shuffle fetcher)", null));
    Path copy = dir.resolve("fetched_" + shuffleId + "_" + from.mapPartition() + "_" + reducePartition + "."
        + UUID.randomUUID() + ".tmp");
    try {
      fetcher.fetch(from, shuffleId, reducePartition, copy);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(copy);
      throw new FetchFailedException(from.executorId(), "cannot fetch map output " + from.mapPartition()
          + " of shuffle " + shuffleId + " from " + from.describeServer() + ": " + e.getMessage(), e);
    }
    return new BlockSource(copy, true);
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temporary file goes with the container's directory
    }
  }

  /** A block's local file; {@code temporary} when it is a fetched copy to delete after reading. */
  record BlockSource(Path file, boolean temporary) {}
}
