package io.weft.rm.store;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;

/**
 * The operations of one ZooKeeper transaction of {@link ZkStateStore} (its {@code WriteBatch}): creates a
 * node the index does not know, replaces one it does, deletes an application's attempts before it, and
 * raises {@code last-sequence} once for the whole batch. Updates the index as if the batch will commit;
 * the store reads the index again when it does not.
 */
final class ZkBatch {
  /** What a znode's path and an operation's framing add to its data in the request, roughly. */
  static final int OP_OVERHEAD_BYTES = 128;

  private final CuratorFramework zk;
  private final ZkStoreLayout layout;
  private final ZkStoreIndex index;
  private final List<CuratorOp> ops = new ArrayList<>();
  private int raiseSequenceTo;

  ZkBatch(CuratorFramework zk, ZkStoreLayout layout, ZkStoreIndex index) {
    this.zk = zk;
    this.layout = layout;
    this.index = index;
  }

  void putIdentity(byte[] value) {
    put(layout.identity(), value, index.hasIdentity());
    index.identityCreated();
  }

  void putApplication(ApplicationId id, byte[] value) {
    put(layout.application(id), value, index.hasApplication(id));
    if (!index.hasApplication(id)) {
      index.applicationCreated(id);
    }
    raiseSequenceTo = Math.max(raiseSequenceTo, id.sequence());
  }

  void putAttempt(ApplicationAttemptId id, byte[] value) {
    if (!index.hasApplication(id.applicationId())) {
      // its node is the attempt's parent; an attempt without its application would never load
      throw new StateStoreException("cannot save attempt " + id + " to the ZooKeeper state store at "
          + layout.root() + ": its application " + id.applicationId() + " is not in the store");
    }
    put(layout.attempt(id), value, !index.attemptsOf(id.applicationId()).add(id.attempt()));
  }

  void removeApplication(ApplicationId id) {
    for (int attempt : index.attemptsOf(id)) {
      ops.add(op(() -> zk.transactionOp().delete().forPath(layout.attempt(id, attempt))));
    }
    if (index.applicationRemoved(id)) {
      ops.add(op(() -> zk.transactionOp().delete().forPath(layout.application(id))));
    }
  }

  /** The batch's operations, ending with the sequence's rise if any (which the index then holds). */
  List<CuratorOp> ops() {
    List<CuratorOp> all = new ArrayList<>(ops);
    if (raiseSequenceTo > index.lastSequence()) {
      String path = layout.lastSequence();
      byte[] value = StoreLayout.bytes(Integer.toString(raiseSequenceTo));
      all.add(op(() -> zk.transactionOp().setData().forPath(path, value)));
      index.sequenceRaisedTo(raiseSequenceTo);
    }
    return all;
  }

  private void put(String path, byte[] value, boolean exists) {
    ops.add(op(exists
        ? () -> zk.transactionOp().setData().forPath(path, value)
        : () -> zk.transactionOp().create().forPath(path, value)));
  }

  @FunctionalInterface
  private interface OpBuilder {
    CuratorOp build() throws Exception;
  }

  private static CuratorOp op(OpBuilder builder) {
    try {
      return builder.build();
    } catch (Exception e) {
      // Building an operation only validates its path, which the layout makes
      throw new IllegalStateException("invalid state store operation: " + e.getMessage(), e);
    }
  }
}
