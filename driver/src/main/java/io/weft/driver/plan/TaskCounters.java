package io.weft.driver.plan;

import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one running task read and wrote, counted where it happens: records as the task's source or
 * shuffle input hands them over, shuffle bytes as the blocks it fetches are known, records and bytes
 * it writes to shuffle output (as the shuffle store counts them, after combining). Only the task's own thread touches it (a task's iterators run on
 * that thread), so plain fields suffice.
 */
public final class TaskCounters {
  private long shuffleReadBytes;
  private long shuffleWriteBytes;
  private long recordsRead;
  private long recordsWritten;

  /** Counts each element {@code records} hands out as a record read. */
  public <T> Iterator<T> reading(Iterator<T> records) {
    return new Counting<>(records, n -> recordsRead += n);
  }

  /** Records the task wrote to shuffle output (after any map-side combining). */
  public void recordsWritten(long count) {
    recordsWritten += count;
  }

  /** The shuffle blocks of {@code blockSizes} (bytes per block) the task fetches. */
  public void shuffleRead(List<Long> blockSizes) {
    blockSizes.forEach(size -> shuffleReadBytes += size);
  }

  public void shuffleWritten(long bytes) {
    shuffleWriteBytes += bytes;
  }

  public long shuffleReadBytes() {
    return shuffleReadBytes;
  }

  public long shuffleWriteBytes() {
    return shuffleWriteBytes;
  }

  public long recordsRead() {
    return recordsRead;
  }

  public long recordsWrittenTotal() {
    return recordsWritten;
  }

  private static final class Counting<T> implements Iterator<T> {
    private final Iterator<T> inner;
    private final Consumer<Long> count;

    Counting(Iterator<T> inner, Consumer<Long> count) {
      this.inner = inner;
      this.count = count;
    }

    @Override
    public boolean hasNext() {
      return inner.hasNext();
    }

    @Override
    public T next() {
      T next = inner.next();
      count.accept(1L);
      return next;
    }
  }
}
