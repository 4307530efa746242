package io.weft.driver.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The lines of a text file, split by byte ranges: a split holds the lines that start inside its
 * range. The file is read where the task runs, so it must be at the same path there.
 */
public final class TextFileLineage extends Lineage<String> {
  private static final long serialVersionUID = 1L;
  /** Largest split, so a big file gets parallelism without asking for it. */
  static final long MAX_SPLIT_BYTES = 32L * 1024 * 1024;

  private final String path;
  private final int minPartitions;

  public TextFileLineage(int id, String path, int minPartitions) {
    super(id);
    if (minPartitions < 1) {
      throw new IllegalArgumentException("textFile " + path + ": minPartitions must be positive, got " + minPartitions);
    }
    this.path = path;
    this.minPartitions = minPartitions;
  }

  @Override
  public List<Partition> partitions() {
    long size;
    try {
      size = Files.size(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read text file " + path + ": " + e.getMessage(), e);
    }
    long splitSize = Math.max(1, Math.min(MAX_SPLIT_BYTES, (size + minPartitions - 1) / minPartitions));
    List<Partition> splits = new ArrayList<>();
    for (long start = 0; start < size || splits.isEmpty(); start += splitSize) {
      splits.add(new FileSplit(splits.size(), start, Math.min(size, start + splitSize)));
    }
    return splits;
  }

  @Override
  public List<Dependency> dependencies() {
    return List.of();
  }

  @Override
  public Iterator<String> compute(Partition partition, TaskContext context) {
    FileSplit split = (FileSplit) partition;
    return context.counters().reading(new LineReader(Path.of(path), split.start(), split.end()));
  }

  /** Bytes [start, end) of the file. */
  record FileSplit(int index, long start, long end) implements Partition {}
}
