package io.weft.shuffle;

import java.nio.file.Path;

/**
 * The one definition of where a shuffle block lives: under an executor's shuffle directory, one file
 * per (shuffle, map partition, reduce partition), {@code shuffle_<shuffle>_<map>_<reduce>.data}
 * (Java-serialized pairs ending with a null; the driver writes and reads their content, the
 * services here only move the bytes). Shared by executors and the NodeManager's shuffle service.
 */
public final class ShuffleBlocks {
  private ShuffleBlocks() {}

  /** The file of one block under the shuffle directory {@code dir}; it may not exist (an empty block). */
  public static Path blockFile(Path dir, int shuffleId, int mapPartition, int reducePartition) {
    return dir.resolve("shuffle_" + shuffleId + "_" + mapPartition + "_" + reducePartition + ".data");
  }

  /** Where a map task attempt writes a block before moving it to {@link #blockFile} in one step. */
  public static Path tempFile(Path dir, int shuffleId, int mapPartition, int reducePartition, String attempt) {
    return dir.resolve("shuffle_" + shuffleId + "_" + mapPartition + "_" + reducePartition + "." + attempt + ".tmp");
  }
}
