package io.weft.nm.recovery;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.InvalidProtocolBufferException;
import io.weft.common.id.ContainerId;
import io.weft.common.rocks.RocksLibrary;
import io.weft.common.rpc.Resources;
import io.weft.nm.container.ContainerAllocation;
import io.weft.nm.container.ContainerRecord;
import io.weft.nm.container.ContainerStore;
import io.weft.nm.launch.ContainerDirs;
import io.weft.proto.StoredContainer;
import io.weft.proto.StoredContainerState;
import io.weft.proto.StoredSchemaVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The NodeManager's recovery store: a RocksDB database with one {@code StoredContainer} per
 * container under {@code container/<id>}, and the schema version. Writes are not synced: they
 * survive a crash of the NodeManager's JVM (RocksDB's write-ahead log is in the page cache), and a
 * crash of the machine takes the containers with it anyway.
 */
public final class NmStateStore implements ContainerStore, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  static final StoredSchemaVersion VERSION = StoredSchemaVersion.newBuilder().setMajor(1).setMinor(0).build();
  static final byte[] VERSION_KEY = "schema-version".getBytes(UTF_8);
  private static final String CONTAINER_PREFIX = "container/";

  static {
    RocksLibrary.load();
  }

  private final Path dir;
  private final Options options;
  private final WriteOptions writeOptions = new WriteOptions();
  private final RocksDB db;
  private boolean closed;

  private NmStateStore(Path dir, Options options, RocksDB db) {
    this.dir = dir;
    this.options = options;
    this.db = db;
  }

  /** Opens (or creates) the store in {@code dir}; refuses one it cannot read, naming the fix. */
  public static NmStateStore open(Path dir) {
    Options options = new Options().setCreateIfMissing(true);
    RocksDB db = null;
    try {
      Files.createDirectories(dir);
      db = RocksDB.open(options, dir.toString());
      checkVersion(db, dir);
      LOG.info("NodeManager recovery store {} open (schema {}.{})", dir, VERSION.getMajor(), VERSION.getMinor());
      return new NmStateStore(dir, options, db);
    } catch (IOException | RocksDBException | IllegalStateException e) {
      if (db != null) {
        db.close();
      }
      options.close();
      throw unreadable(dir, e.getMessage(), e);
    }
  }

  private static void checkVersion(RocksDB db, Path dir) throws RocksDBException, InvalidProtocolBufferException {
    byte[] stored = db.get(VERSION_KEY);
    if (stored == null) {
      try (RocksIterator it = db.newIterator()) {
        it.seekToFirst();
        if (it.isValid()) {
          throw new IllegalStateException("it holds records but no schema version");
        }
      }
      db.put(VERSION_KEY, VERSION.toByteArray());
      return;
    }
    StoredSchemaVersion version = StoredSchemaVersion.parseFrom(stored);
    if (version.getMajor() != VERSION.getMajor()) {
      throw new IllegalStateException("its schema version is " + version.getMajor() + "." + version.getMinor()
          + ", this NodeManager reads " + VERSION.getMajor() + ".x");
    }
  }

  private static RecoveryStoreException unreadable(Path dir, String why, Exception cause) {
    return new RecoveryStoreException("cannot read the NodeManager recovery store " + dir + " (" + why + "). "
        + "Delete " + dir + " to start without recovering containers: the processes of containers it recorded "
        + "are then killed as orphans at start", cause);
  }

  /** Every container record, in id order. */
  public synchronized List<ContainerRecord> load() {
    requireOpen();
    List<ContainerRecord> records = new ArrayList<>();
    try (RocksIterator it = db.newIterator()) {
      byte[] prefix = CONTAINER_PREFIX.getBytes(UTF_8);
      for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        records.add(fromStored(StoredContainer.parseFrom(it.value())));
      }
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw unreadable(dir, "a container record is corrupt: " + e.getMessage(), e);
    }
    return records;
  }

  @Override
  public synchronized void put(ContainerRecord record) {
    if (closed) {
      LOG.debug("{} not recorded: the recovery store is closed", record.id());
      return;
    }
    try {
      db.put(writeOptions, key(record.id()), toStored(record).toByteArray());
    } catch (RocksDBException e) {
      LOG.error("cannot record {} in the recovery store {}: a restarted NodeManager will not recover it",
          record.id(), dir, e);
    }
  }

  @Override
  public synchronized void remove(ContainerId id) {
    if (closed) {
      return;
    }
    try {
      db.delete(writeOptions, key(id));
    } catch (RocksDBException e) {
      LOG.error("cannot delete {} from the recovery store {}", id, dir, e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    db.close();
    writeOptions.close();
    options.close();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the recovery store " + dir + " is closed");
    }
  }

  private static byte[] key(ContainerId id) {
    return (CONTAINER_PREFIX + id).getBytes(UTF_8);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static StoredContainer toStored(ContainerRecord r) {
    return StoredContainer.newBuilder()
        .setContainerId(r.id().toString())
        .setPid(r.pid())
        .setProcessStartTicks(r.processStartTicks())
        .setUser(r.user())
        .setResource(Resources.toProto(r.resource()))
        .setPriority(r.allocation().priority())
        .setAllocationRequestId(r.allocation().allocationRequestId())
        .setCreationTimeMs(r.allocation().creationTime().toEpochMilli())
        .setTokenExpiryMs(r.allocation().tokenExpiry().toEpochMilli())
        .setWorkDir(r.dirs().workDir().toString())
        .setLogDir(r.dirs().logDir().toString())
        .setState(r.completed() ? StoredContainerState.STORED_CONTAINER_COMPLETED
            : StoredContainerState.STORED_CONTAINER_LAUNCHED)
        .setExitStatus(r.exitStatus())
        .setDiagnostics(r.diagnostics())
        .putAllDevices(joined(r.devices()))
        .build();
  }

  static ContainerRecord fromStored(StoredContainer s) {
    if (s.getState() == StoredContainerState.STORED_CONTAINER_STATE_UNKNOWN) {
      throw new IllegalStateException(s.getContainerId() + " has no state");
    }
    return new ContainerRecord(ContainerId.parse(s.getContainerId()), s.getPid(), s.getProcessStartTicks(),
        s.getUser(), Resources.fromProto(s.getResource()),
        new ContainerAllocation(s.getPriority(), s.getAllocationRequestId(),
            Instant.ofEpochMilli(s.getCreationTimeMs()), Instant.ofEpochMilli(s.getTokenExpiryMs())),
        new ContainerDirs(Path.of(s.getWorkDir()), Path.of(s.getLogDir())),
        s.getState() == StoredContainerState.STORED_CONTAINER_COMPLETED, s.getExitStatus(), s.getDiagnostics(),
        split(s.getDevicesMap()));
  }

  private static Map<String, String> joined(Map<String, List<String>> devices) {
    Map<String, String> out = new TreeMap<>();
    devices.forEach((type, ids) -> out.put(type, String.join(",", ids)));
    return out;
  }

  private static Map<String, List<String>> split(Map<String, String> devices) {
    Map<String, List<String>> out = new TreeMap<>();
    devices.forEach((type, ids) -> out.put(type, ids.isEmpty() ? List.of() : List.of(ids.split(","))));
    return out;
  }
}
