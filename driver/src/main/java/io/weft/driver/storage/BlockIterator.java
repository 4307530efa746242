package io.weft.driver.storage;

import io.weft.driver.Pair;
import io.weft.driver.serialize.FilteredObjectInput;
import io.weft.driver.serialize.JavaSerializer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Streams the pairs of several shuffle blocks, one block file open at a time. */
final class BlockIterator implements Iterator<Pair<Object, Object>> {
  private final ShuffleStore store;
  private final int shuffleId;
  private final int reducePartition;
  private final List<MapStatus> sources;
  private final ClassLoader loader;
  private int nextSource;
  private FilteredObjectInput in;
  private ShuffleStore.BlockSource current;
  private Pair<Object, Object> next;

  BlockIterator(ShuffleStore store, int shuffleId, int reducePartition, List<MapStatus> sources, ClassLoader loader) {
    this.store = store;
    this.shuffleId = shuffleId;
    this.reducePartition = reducePartition;
    this.sources = sources;
    this.loader = loader;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      if (in == null && !openNext()) {
        return false;
      }
      next = readOne();
      if (next == null) {
        closeCurrent();
      }
    }
    return true;
  }

  @Override
  public Pair<Object, Object> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Pair<Object, Object> value = next;
    next = null;
    return value;
  }

  private boolean openNext() {
    if (nextSource >= sources.size()) {
      return false;
    }
    MapStatus from = sources.get(nextSource++);
    current = store.open(shuffleId, reducePartition, from);
    try {
      in = JavaSerializer.objectInput(new BufferedInputStream(Files.newInputStream(current.file()), 64 * 1024),
          loader);
    } catch (IOException e) {
      throw new FetchFailedException(from.executorId(), "cannot open shuffle block " + current.file() + ": "
          + e.getMessage(), e);
    }
    return true;
  }

  private Pair<Object, Object> readOne() {
    try {
      return in.readRecord("a record of shuffle block " + current.file().getFileName());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("class " + e.getMessage() + " of a shuffle record not found", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read shuffle block " + current.file() + ": " + e.getMessage(), e);
    }
  }

  private void closeCurrent() {
    try {
      in.close();
    } catch (IOException e) {
      // read to the end already
    }
    in = null;
    if (current.temporary()) {
      ShuffleStore.deleteQuietly(current.file());
    }
  }
}
