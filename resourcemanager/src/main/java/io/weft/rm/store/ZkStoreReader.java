package io.weft.rm.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.weft.common.id.ApplicationId;
import io.weft.proto.StoredApplication;
import io.weft.proto.StoredAttempt;
import io.weft.proto.StoredIdentity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;

/**
 * Reads a whole {@link ZkStateStore}: checks its schema version, then every record; a znode that does not
 * parse, or that the layout does not know, fails the read naming its path. ZooKeeper errors propagate.
 */
final class ZkStoreReader {
  /** Why the store cannot be read; the store adds where it is and the way out. */
  static final class Unreadable extends Exception {
    Unreadable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final CuratorFramework zk;
  private final ZkStoreLayout layout;
  private Optional<RmIdentity> identity = Optional.empty();
  private int lastSequence;
  private final List<ApplicationRecord> applications = new ArrayList<>();
  private final Map<ApplicationId, List<AttemptRecord>> attempts = new HashMap<>();

  ZkStoreReader(CuratorFramework zk, ZkStoreLayout layout) {
    this.zk = zk;
    this.layout = layout;
  }

  /** Refuses a store of another schema, or one whose version is missing (lost data, not a Weft store). */
  static void checkSchema(CuratorFramework zk, ZkStoreLayout layout) throws Exception {
    if (zk.checkExists().forPath(layout.schemaVersion()) == null) {
      throw new Unreadable(layout.schemaVersion() + " is missing (lost data, or not a Weft state store)", null);
    }
    String stored = StoreLayout.text(zk.getData().forPath(layout.schemaVersion()));
    int version;
    try {
      version = Integer.parseInt(stored);
    } catch (NumberFormatException e) {
      throw new Unreadable(layout.schemaVersion() + " holds '" + stored + "', not a number", e);
    }
    if (version != StoreLayout.SCHEMA_VERSION) {
      throw new Unreadable(layout.schemaVersion() + " is " + version + " but this Weft reads version "
          + StoreLayout.SCHEMA_VERSION + (version > StoreLayout.SCHEMA_VERSION ? " (written by a newer Weft)" : ""),
          null);
    }
  }

  RecoveredState readAll() throws Exception {
    for (String child : zk.getChildren().forPath(layout.root())) {
      String path = layout.root() + "/" + child;
      switch (child) {
        case ZkStoreLayout.SCHEMA_VERSION -> { } // checkSchema read it
        case ZkStoreLayout.IDENTITY -> identity = Optional.of(parse(path, StoredIdentity::parseFrom,
            StoredRecords::fromProto));
        case ZkStoreLayout.LAST_SEQUENCE -> lastSequence = parse(path, b -> Integer.parseInt(StoreLayout.text(b)),
            n -> n);
        case ZkStoreLayout.APPS -> readApplications();
        case ZkStoreLayout.USER_TOKENS -> { } // read by loadUserTokens
        case ZkStoreLayout.NODE_LABELS -> { } // read by loadNodeLabels
        default -> throw new Unreadable("znode " + path + " is not part of a Weft state store", null);
      }
    }
    applications.sort(Comparator.comparing(a -> a.submission().id()));
    attempts.values().forEach(list -> list.sort(Comparator.comparing(AttemptRecord::id)));
    return new RecoveredState(identity, applications, attempts, lastSequence);
  }

  private void readApplications() throws Exception {
    List<String> appPaths = zk.getChildren().forPath(layout.apps()).stream().map(app -> layout.apps() + "/" + app)
        .toList();
    ZkBulkReader bulk = new ZkBulkReader(zk);
    Map<String, byte[]> appData = bulk.data(appPaths);
    Map<String, List<String>> appChildren = bulk.children(appPaths);
    List<String> attemptPaths = appPaths.stream()
        .flatMap(app -> appChildren.get(app).stream().map(attempt -> app + "/" + attempt)).toList();
    Map<String, byte[]> attemptData = bulk.data(attemptPaths);
    for (String appPath : appPaths) {
      ApplicationRecord record = parse(appPath, appData.get(appPath), StoredApplication::parseFrom,
          StoredRecords::fromProto);
      if (!appPath.endsWith("/" + record.submission().id())) {
        throw new Unreadable("znode " + appPath + " holds application " + record.submission().id(), null);
      }
      applications.add(record);
      for (String attempt : appChildren.get(appPath)) {
        String path = appPath + "/" + attempt;
        AttemptRecord a = parse(path, attemptData.get(path), StoredAttempt::parseFrom, StoredRecords::fromProto);
        attempts.computeIfAbsent(record.submission().id(), id -> new ArrayList<>()).add(a);
      }
    }
  }

  @FunctionalInterface
  private interface Parser<P> {
    P parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  @FunctionalInterface
  private interface Mapper<P, R> {
    R map(P parsed);
  }

  private <P, R> R parse(String path, Parser<P> parser, Mapper<P, R> mapper) throws Exception {
    return parse(path, zk.getData().forPath(path), parser, mapper);
  }

  private static <P, R> R parse(String path, byte[] data, Parser<P> parser, Mapper<P, R> mapper) throws Unreadable {
    try {
      return mapper.map(parser.parse(data));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new Unreadable("record " + path + " does not parse: " + e.getMessage(), e);
    }
  }
}
