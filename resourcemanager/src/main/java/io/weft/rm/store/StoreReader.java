package io.weft.rm.store;

import static io.weft.rm.store.StoreLayout.text;

import com.google.protobuf.InvalidProtocolBufferException;
import io.weft.common.id.ApplicationId;
import io.weft.proto.StoredApplication;
import io.weft.proto.StoredAttempt;
import io.weft.proto.StoredIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reads a whole {@link RocksDbStateStore} in one pass over its keys (no lookups per application),
 * checking every block's checksum; a record that does not parse fails the read, naming its key.
 */
final class StoreReader {
  private static final String IDENTITY = text(StoreLayout.IDENTITY_KEY);
  private static final String LAST_SEQUENCE = text(StoreLayout.LAST_SEQUENCE_KEY);
  private static final String SCHEMA_VERSION = text(StoreLayout.SCHEMA_VERSION_KEY);

  private final RocksDB db;
  private final Path dir;
  private Optional<RmIdentity> identity = Optional.empty();
  private int lastSequence;
  private final List<ApplicationRecord> applications = new ArrayList<>();
  private final Map<ApplicationId, List<AttemptRecord>> attempts = new HashMap<>();

  StoreReader(RocksDB db, Path dir) {
    this.db = db;
    this.dir = dir;
  }

  static int lastSequence(RocksDB db, Path dir) {
    try {
      byte[] value = db.get(StoreLayout.LAST_SEQUENCE_KEY);
      return value == null ? 0 : parseSequence(value);
    } catch (RocksDBException | NumberFormatException e) {
      throw RocksDbStateStore.unreadable(dir, "cannot read meta/last-sequence: " + e.getMessage(), e);
    }
  }

  RecoveredState readAll() {
    // one sequential pass: read ahead, and do not evict the block cache for data read only once
    try (ReadOptions options = new ReadOptions().setVerifyChecksums(true).setFillCache(false)
            .setReadaheadSize(2 << 20);
        RocksIterator it = db.newIterator(options)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        read(text(it.key()), it.value());
      }
      it.status();
    } catch (RocksDBException e) {
      throw RocksDbStateStore.unreadable(dir, "RocksDB cannot read it: " + e.getMessage(), e);
    }
    applications.sort(Comparator.comparing(a -> a.submission().id()));
    attempts.values().forEach(list -> list.sort(Comparator.comparing(AttemptRecord::id)));
    return new RecoveredState(identity, applications, attempts, lastSequence);
  }

  private void read(String key, byte[] value) {
    try {
      if (key.startsWith(StoreLayout.APP_PREFIX)) {
        applications.add(StoredRecords.fromProto(StoredApplication.parseFrom(value)));
      } else if (key.startsWith(StoreLayout.ATTEMPT_PREFIX)) {
        AttemptRecord attempt = StoredRecords.fromProto(StoredAttempt.parseFrom(value));
        attempts.computeIfAbsent(attempt.id().applicationId(), id -> new ArrayList<>()).add(attempt);
      } else if (key.equals(IDENTITY)) {
        identity = Optional.of(StoredRecords.fromProto(StoredIdentity.parseFrom(value)));
      } else if (key.equals(LAST_SEQUENCE)) {
        lastSequence = parseSequence(value);
      } else if (!key.equals(SCHEMA_VERSION) && !key.startsWith(StoreLayout.USER_TOKEN_PREFIX)
          && !key.equals(text(StoreLayout.NODE_LABELS_KEY))) {
        throw new IllegalArgumentException("unknown key");
      }
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw RocksDbStateStore.unreadable(dir, "record " + key + " does not parse: " + e.getMessage(), e);
    }
  }

  /** The user tokens: the keys under {@link StoreLayout#USER_TOKEN_PREFIX}, read apart from {@link #readAll}. */
  static List<UserTokenRecord> userTokens(RocksDB db, Path dir) {
    List<UserTokenRecord> tokens = new ArrayList<>();
    try (ReadOptions options = new ReadOptions().setVerifyChecksums(true);
        RocksIterator it = db.newIterator(options)) {
      for (it.seek(StoreLayout.bytes(StoreLayout.USER_TOKEN_PREFIX)); it.isValid(); it.next()) {
        String key = text(it.key());
        if (!key.startsWith(StoreLayout.USER_TOKEN_PREFIX)) {
          break;
        }
        try {
          tokens.add(UserTokenRecord.decode(it.value()));
        } catch (RuntimeException e) {
          throw RocksDbStateStore.unreadable(dir, "record " + key + " does not parse: " + e.getMessage(), e);
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw RocksDbStateStore.unreadable(dir, "RocksDB cannot read it: " + e.getMessage(), e);
    }
    return tokens;
  }

  private static int parseSequence(byte[] value) {
    return Integer.parseInt(text(value));
  }
}
