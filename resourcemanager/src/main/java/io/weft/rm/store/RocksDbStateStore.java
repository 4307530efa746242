package io.weft.rm.store;

import io.weft.common.rocks.RocksLibrary;
import io.weft.rm.node.NodeLabels;
import static io.weft.rm.store.StoreLayout.bytes;
import static io.weft.rm.store.StoreLayout.text;
import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteOptions;

/**
 * The RM's durable state in an embedded RocksDB (YARN's leveldb state store role); the key layout is
 * in {@link StoreLayout}. The database opens on the first {@link #load} or write; writes go through
 * one {@link GroupCommitWriter}. A store it cannot read (corrupt files, records that do not parse, a
 * newer schema) fails with a {@link StateStoreException} naming the directory and the fix; it never
 * starts empty in their place.
 */
public final class RocksDbStateStore implements StateStore {
  private static final Logger LOG = LogManager.getLogger();
  static final String FORMAT_VERB = "bin/weft resourcemanager -format-state-store";

  static {
    RocksLibrary.load();
  }

  private final Path dir;
  private final boolean sync;
  private RocksDB db;
  private GroupCommitWriter writer;
  // Confined to the writer thread once it runs: each stored application raises it in the same batch.
  private int lastSequence;
  private boolean closed;

  /** @param sync fsync the WAL for every batch ({@code weft.resourcemanager.store.sync}) */
  public RocksDbStateStore(Path dir, boolean sync) {
    this.dir = requireNonNull(dir, "dir").toAbsolutePath();
    this.sync = sync;
  }

  @Override
  public String name() {
    return "RocksDbStateStore";
  }

  public Path dir() {
    return dir;
  }

  @Override
  public RecoveredState load() {
    GroupCommitWriter w = open();
    join(w.submit(batch -> { }, false)); // what was queued before is part of what loads
    RecoveredState state = new StoreReader(db, dir).readAll();
    LOG.info("Loaded {} application(s) from the state store at {}", state.applications().size(), dir);
    return state;
  }

  @Override
  public void storeIdentity(RmIdentity identity) {
    byte[] value = StoredRecords.toProto(identity).toByteArray();
    join(open().submit(batch -> batch.put(StoreLayout.IDENTITY_KEY, value), true));
  }

  @Override
  public CompletableFuture<Void> storeApplication(ApplicationRecord record) {
    ApplicationId id = record.submission().id();
    byte[] value = StoredRecords.toProto(record).toByteArray();
    return submit(batch -> {
      batch.put(StoreLayout.applicationKey(id), value);
      lastSequence = Math.max(lastSequence, id.sequence());
      batch.put(StoreLayout.LAST_SEQUENCE_KEY, bytes(Integer.toString(lastSequence)));
    });
  }

  @Override
  public CompletableFuture<Void> storeAttempt(AttemptRecord record) {
    byte[] value = StoredRecords.toProto(record).toByteArray();
    return submit(batch -> batch.put(StoreLayout.attemptKey(record.id()), value));
  }

  @Override
  public CompletableFuture<Void> removeApplication(ApplicationId id) {
    return submit(batch -> {
      batch.delete(StoreLayout.applicationKey(id));
      batch.deleteRange(StoreLayout.attemptsStart(id), StoreLayout.attemptsEnd(id));
    });
  }

  @Override
  public List<UserTokenRecord> loadUserTokens() {
    GroupCommitWriter w = open();
    join(w.submit(batch -> { }, false));
    return StoreReader.userTokens(db, dir);
  }

  @Override
  public void storeUserToken(UserTokenRecord token) {
    byte[] value = token.encode();
    join(open().submit(batch -> batch.put(StoreLayout.userTokenKey(token.id()), value), true));
  }

  @Override
  public NodeLabels loadNodeLabels() {
    GroupCommitWriter w = open();
    join(w.submit(batch -> { }, false));
    try {
      byte[] value = db.get(StoreLayout.NODE_LABELS_KEY);
      return value == null ? NodeLabels.NONE : NodeLabels.decode(value);
    } catch (org.rocksdb.RocksDBException | RuntimeException e) {
      throw unreadable(dir, "record meta/node-labels does not read: " + e.getMessage(), e);
    }
  }

  @Override
  public CompletableFuture<Void> storeNodeLabels(NodeLabels labels) {
    byte[] value = labels.encode();
    GroupCommitWriter w;
    try {
      w = open();
    } catch (StateStoreException e) {
      return CompletableFuture.failedFuture(e);
    }
    return w.submit(batch -> batch.put(StoreLayout.NODE_LABELS_KEY, value), true);
  }

  /** Applies every write already made, then closes the database; later writes fail. Idempotent. */
  @Override
  public void close() {
    GroupCommitWriter w;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      w = writer;
    }
    if (w != null) {
      w.close();
      flushMemtable();
      db.close();
      LOG.info("Closed the state store at {}", dir);
    }
  }

  /**
   * Writes what is only in the memtable (and the WAL) to table files, so the next open need not replay
   * the WAL: a graceful restart then loads in a fraction of the time. A failure loses nothing (the WAL
   * still holds every write), so it is only a warning.
   */
  private void flushMemtable() {
    try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
      db.flush(options);
    } catch (RocksDBException e) {
      LOG.warn("Could not flush the state store at {} on close; the next start replays its log instead", dir, e);
    }
  }

  /** Deletes everything in {@code dir} (not {@code dir} itself); returns how many files and directories went. */
  public static long format(Path dir) {
    return StoreFormatter.format(dir.toAbsolutePath());
  }

  private CompletableFuture<Void> submit(GroupCommitWriter.BatchOp op) {
    GroupCommitWriter w;
    try {
      w = open();
    } catch (StateStoreException e) {
      return CompletableFuture.failedFuture(e);
    }
    return w.submit(op, false);
  }

  private synchronized GroupCommitWriter open() {
    if (closed) {
      throw closedError();
    }
    if (writer == null) {
      db = openDatabase();
      try {
        lastSequence = StoreReader.lastSequence(db, dir);
      } catch (StateStoreException e) {
        db.close();
        throw e;
      }
      writer = new GroupCommitWriter(db, dir.toString(), sync, this::closedError);
    }
    return writer;
  }

  private StateStoreException closedError() {
    return new StateStoreException("the state store at " + dir + " is closed; the write was not saved");
  }

  private RocksDB openDatabase() {
    createDirectory();
    boolean created = !Files.exists(dir.resolve("CURRENT"));
    RocksDB opened;
    try (Options options = new Options().setCreateIfMissing(true)
        // a torn last record after a crash is dropped; corruption anywhere else fails the open
        .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)) {
      opened = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      throw unreadable(dir, "RocksDB cannot open it: " + e.getMessage(), e);
    }
    try {
      checkSchema(opened, created);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    LOG.info("Opened the {} state store at {} (sync={})", created ? "new" : "existing", dir, sync);
    return opened;
  }

  private void createDirectory() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StateStoreException("cannot create the state store directory " + dir + ": " + e
          + "; set weft.resourcemanager.store.dir to a directory the RM can write", e);
    }
    if (!Files.isWritable(dir)) {
      throw new StateStoreException("the state store directory " + dir
          + " is not writable; set weft.resourcemanager.store.dir to a directory the RM can write");
    }
  }

  private void checkSchema(RocksDB opened, boolean created) {
    byte[] stored;
    try {
      stored = opened.get(StoreLayout.SCHEMA_VERSION_KEY);
      if (stored == null && created) {
        try (WriteOptions durable = new WriteOptions().setSync(true)) {
          opened.put(durable, StoreLayout.SCHEMA_VERSION_KEY, bytes(Integer.toString(StoreLayout.SCHEMA_VERSION)));
        }
        return;
      }
    } catch (RocksDBException e) {
      throw unreadable(dir, "cannot read its schema version: " + e.getMessage(), e);
    }
    if (stored == null) {
      // Written when the store was created: without it the data was lost or this is not a Weft store.
      throw unreadable(dir, "it has no schema version (lost data, or not a Weft state store)", null);
    }
    int version;
    try {
      version = Integer.parseInt(text(stored));
    } catch (NumberFormatException e) {
      throw unreadable(dir, "its schema version '" + text(stored) + "' is not a number", e);
    }
    if (version != StoreLayout.SCHEMA_VERSION) {
      throw unreadable(dir, "its schema version is " + version + " but this Weft reads version "
          + StoreLayout.SCHEMA_VERSION + (version > StoreLayout.SCHEMA_VERSION ? " (written by a newer Weft)" : ""),
          null);
    }
  }

  /** The error for a store the RM must not start on: names it, the cause and the two ways out. */
  static StateStoreException unreadable(Path dir, String cause, Throwable e) {
    return new StateStoreException("cannot recover from the state store at " + dir + ": " + cause
        + ". Run '" + FORMAT_VERB + "' to wipe it (every application is forgotten), "
        + "or restore the directory from a backup", e);
  }

  private static void join(CompletableFuture<Void> write) {
    try {
      write.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof StateStoreException s ? s : new StateStoreException(e.getMessage(), e);
    }
  }
}
