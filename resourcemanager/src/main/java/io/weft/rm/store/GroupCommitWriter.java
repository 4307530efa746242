package io.weft.rm.store;

import com.google.common.util.concurrent.Uninterruptibles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The store's one writer thread ({@code rm-state-store}). Writes are applied in the order they were
 * queued; each turn drains everything queued into one {@link WriteBatch}, writes it once (one WAL
 * append, one fsync when syncing: group commit), then completes those writes' futures. A failed batch
 * fails every future in it with a {@link StateStoreException}.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();

  /** Adds one write's operations to the batch; runs on the writer thread. */
  @FunctionalInterface
  interface BatchOp {
    void addTo(WriteBatch batch) throws RocksDBException;
  }

  private record Pending(BatchOp op, boolean forceSync, CompletableFuture<Void> done) {}

  private static final Pending STOP = new Pending(batch -> { }, false, new CompletableFuture<>());

  private final RocksDB db;
  private final String location;
  private final boolean sync;
  private final Supplier<StateStoreException> closedError;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private boolean closed;

  /**
   * @param location the store's directory, named in errors
   * @param sync whether every batch fsyncs the WAL ({@code weft.resourcemanager.store.sync})
   * @param closedError what a write made after {@link #close} fails with
   */
  GroupCommitWriter(RocksDB db, String location, boolean sync, Supplier<StateStoreException> closedError) {
    this.db = db;
    this.location = location;
    this.sync = sync;
    this.closedError = closedError;
    this.thread = new Thread(this::run, "rm-state-store");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a write; {@code forceSync} makes its batch durable against a machine crash whatever the setting. */
  CompletableFuture<Void> submit(BatchOp op, boolean forceSync) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      if (closed) {
        done.completeExceptionally(closedError.get());
        return done;
      }
      queue.add(new Pending(op, forceSync, done));
    }
    return done;
  }

  /** Applies everything queued so far, then stops the thread; later writes fail. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    }
    // The queued writes must reach the store even if the closing thread is interrupted.
    Uninterruptibles.joinUninterruptibly(thread);
  }

  private void run() {
    List<Pending> turn = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        turn.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() stops this thread, after the last queued write
      }
      queue.drainTo(turn);
      stopping = turn.remove(STOP);
      if (!turn.isEmpty()) {
        commit(turn);
      }
      turn.clear();
    }
  }

  private void commit(List<Pending> turn) {
    boolean forceSync = turn.stream().anyMatch(Pending::forceSync);
    try (WriteBatch batch = new WriteBatch(); WriteOptions options = new WriteOptions()) {
      for (Pending p : turn) {
        p.op().addTo(batch);
      }
      options.setSync(sync || forceSync);
      db.write(options, batch);
    } catch (RocksDBException | RuntimeException e) {
      StateStoreException failure = new StateStoreException("cannot write " + turn.size()
          + " change(s) to the state store at " + location + ": " + e.getMessage(), e);
      LOG.error("State store write failed; the RM's durable state is behind its memory", failure);
      turn.forEach(p -> p.done().completeExceptionally(failure));
      return;
    }
    turn.forEach(p -> p.done().complete(null));
  }
}
