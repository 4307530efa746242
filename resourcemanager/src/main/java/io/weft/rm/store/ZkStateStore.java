package io.weft.rm.store;

import io.weft.rm.node.NodeLabels;
import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.Uninterruptibles;
import io.weft.common.id.ApplicationId;
import io.weft.rm.ha.HaPaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The RM's durable state in ZooKeeper, shared by the RMs of an HA cluster (YARN's ZKRMStateStore role);
 * the znodes are in {@link ZkStoreLayout}, the records those of the RocksDB store.
 *
 * <p>Fencing: {@link #load} claims the fence node ({@code HaPaths.fence()}) by writing this RM's id to it,
 * which bumps its version, and remembers that version. Every later write is one ZooKeeper transaction that
 * starts by checking the fence still has that version. Once another RM has loaded (claimed the fence), the
 * check fails, so an old active that wakes up after losing its leadership (paused past its session timeout)
 * cannot change the store: its write fails naming who holds the fence, {@code onFenced} is told once, and
 * every later write fails at once without reaching ZooKeeper.
 *
 * <p>Writes run in order on one thread ({@code rm-state-store}); each turn groups what is queued into as few
 * transactions as {@link #MAX_TRANSACTION_OPS} and {@link #MAX_TRANSACTION_BYTES} allow. A transaction that
 * fails fails its writes' futures with a {@link StateStoreException}; ZooKeeper outages are retried by the
 * client's retry policy first. The Curator client belongs to the caller: this store never closes it.
 */
public final class ZkStateStore implements StateStore {
  private static final Logger LOG = LogManager.getLogger();

  /** The largest record saved: well under ZooKeeper's default jute.maxbuffer (1 MB), which bounds a request. */
  public static final int MAX_RECORD_BYTES = 960 * 1024;
  /** A transaction is one request: together its operations stay under jute.maxbuffer too. */
  static final int MAX_TRANSACTION_BYTES = 1_000_000;
  static final int MAX_TRANSACTION_OPS = 1_000;

  private final CuratorFramework zk;
  private final HaPaths paths;
  private final ZkStoreLayout layout;
  private final String rmId;
  private final Consumer<String> onFenced;
  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private boolean closed; // guarded by this
  private boolean stopping; // writer thread
  // Set once another RM holds the fence; later writes fail with it without reaching ZooKeeper.
  private volatile String fencedMessage;

  // Confined to the writer thread:
  private int fenceVersion = -1; // -1 until load() claims the fence
  private ZkStoreIndex index;
  private boolean indexStale;
  private final List<Pending> turn = new ArrayList<>();

  /** One write: its operations, planned on the writer thread against what exists then. */
  @FunctionalInterface
  private interface Plan {
    void addTo(ZkBatch batch);
  }

  /** What the writer thread takes: a write, or something run between transactions (a load, the stop). */
  private sealed interface Item permits Pending, Task {}

  private record Pending(Plan plan, int bytes, CompletableFuture<Void> done) implements Item {}

  private record Task(Runnable body) implements Item {}

  /**
   * @param zk started by the caller, closed by the caller; its retry policy bounds how long a write waits
   *     out a ZooKeeper outage before it fails
   * @param rmId this RM's id ({@code weft.resourcemanager.ha.id}), written to the fence and named in errors
   * @param onFenced told once, with the error's message, when this RM finds another holds the fence; it runs
   *     on the store's writer thread, so it may close the store but must not wait for it (nor call load)
   */
  public ZkStateStore(CuratorFramework zk, HaPaths paths, String rmId, Consumer<String> onFenced) {
    this.zk = requireNonNull(zk, "zk");
    this.paths = requireNonNull(paths, "paths");
    this.layout = new ZkStoreLayout(paths.store());
    this.rmId = requireNonNull(rmId, "rmId");
    this.onFenced = requireNonNull(onFenced, "onFenced");
    this.thread = new Thread(this::run, "rm-state-store");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public String name() {
    return "ZkStateStore";
  }

  /** Where the store is, for messages: the ensemble and the path. */
  public String location() {
    return "ZooKeeper " + zk.getZookeeperClient().getCurrentConnectionString() + " " + layout.root();
  }

  /**
   * Claims the fence for this RM (from now on no RM that claimed it before can write), creates the store if
   * it does not exist, and reads it. Writes queued before it are done with first (before the first load they
   * fail: the store writes only once it holds the fence). May be called again (a new term as active): it
   * claims the fence again. A load that fails leaves the store refusing writes until one succeeds.
   */
  @Override
  public RecoveredState load() {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("load() from the store's own thread (onFenced, or a write's callback) would "
          + "wait for itself; call it from another thread");
    }
    return join(onWriter(() -> {
      index = null;
      claimFence();
      createIfMissing();
      RecoveredState state = readAll();
      index = ZkStoreIndex.of(state);
      indexStale = false;
      LOG.info("Loaded {} application(s) from the state store at {} as {} (fence version {})",
          state.applications().size(), location(), rmId, fenceVersion);
      return state;
    }));
  }

  @Override
  public void storeIdentity(RmIdentity identity) {
    byte[] value = StoredRecords.toProto(identity).toByteArray();
    join(submit("the RM's identity", value.length, batch -> batch.putIdentity(value)));
  }

  @Override
  public CompletableFuture<Void> storeApplication(ApplicationRecord record) {
    ApplicationId id = record.submission().id();
    byte[] value = StoredRecords.toProto(record).toByteArray();
    return submit("application " + id, value.length, batch -> batch.putApplication(id, value));
  }

  @Override
  public CompletableFuture<Void> storeAttempt(AttemptRecord record) {
    byte[] value = StoredRecords.toProto(record).toByteArray();
    return submit("attempt " + record.id(), value.length, batch -> batch.putAttempt(record.id(), value));
  }

  @Override
  public CompletableFuture<Void> removeApplication(ApplicationId id) {
    return submit("the removal of " + id, 0, batch -> batch.removeApplication(id));
  }

  @Override
  public List<UserTokenRecord> loadUserTokens() {
    return join(onWriter(() -> {
      try {
        if (zk.checkExists().forPath(layout.userTokens()) == null) {
          return List.of();
        }
        List<UserTokenRecord> tokens = new ArrayList<>();
        for (String id : zk.getChildren().forPath(layout.userTokens())) {
          tokens.add(UserTokenRecord.decode(zk.getData().forPath(layout.userToken(id))));
        }
        return tokens;
      } catch (Exception e) {
        throw zkFailure("cannot read the user tokens", e);
      }
    }));
  }

  @Override
  public NodeLabels loadNodeLabels() {
    return join(onWriter(() -> {
      try {
        if (zk.checkExists().forPath(layout.nodeLabels()) == null) {
          return NodeLabels.NONE;
        }
        return NodeLabels.decode(zk.getData().forPath(layout.nodeLabels()));
      } catch (Exception e) {
        throw zkFailure("cannot read the node labels", e);
      }
    }));
  }

  /** Written apart from the group commits (label changes are rare), still only while this RM holds the fence. */
  @Override
  public CompletableFuture<Void> storeNodeLabels(NodeLabels labels) {
    byte[] value = labels.encode();
    return onWriter(() -> fencedWrite(null, layout.nodeLabels(), value, "cannot save the node labels"));
  }

  /** Written apart from the group commits (tokens are few and rare), still only while this RM holds the fence. */
  @Override
  public void storeUserToken(UserTokenRecord token) {
    byte[] value = token.encode();
    join(onWriter(() -> fencedWrite(layout.userTokens(), layout.userToken(token.id()), value,
        "cannot save user token " + token.id())));
  }

  /**
   * Creates or replaces {@code path} (creating {@code parent} first when it is not null and missing) in one
   * transaction that checks the fence, so only the RM holding it writes. On the writer thread.
   */
  private Void fencedWrite(String parent, String path, byte[] value, String failureMessage) {
    try {
      List<CuratorOp> ops = new ArrayList<>();
      ops.add(zk.transactionOp().check().withVersion(fenceVersion).forPath(paths.fence()));
      if (parent != null && zk.checkExists().forPath(parent) == null) {
        ops.add(zk.transactionOp().create().forPath(parent));
      }
      ops.add(zk.checkExists().forPath(path) == null ? zk.transactionOp().create().forPath(path, value)
          : zk.transactionOp().setData().forPath(path, value));
      zk.transaction().forOperations(ops);
      return null;
    } catch (Exception e) {
      StateStoreException failure = classify(e, 1);
      throw failure != null ? failure : zkFailure(failureMessage, e);
    }
  }

  /**
   * Applies (or, with ZooKeeper gone, fails) every write already made, then stops the writer thread; later
   * writes fail. Leaves the Curator client open. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(new Task(() -> stopping = true));
    }
    if (Thread.currentThread() == thread) {
      return; // closed from onFenced or a write's callback: the thread stops after what is queued
    }
    Uninterruptibles.joinUninterruptibly(thread);
    LOG.info("Closed the state store at {}", location());
  }

  private CompletableFuture<Void> submit(String what, int bytes, Plan plan) {
    String fenced = fencedMessage;
    if (fenced != null) {
      return CompletableFuture.failedFuture(new StateStoreException(fenced));
    }
    if (bytes > MAX_RECORD_BYTES) {
      return CompletableFuture.failedFuture(new StateStoreException("cannot save " + what + " to the state store at "
          + location() + ": its record is " + bytes + " bytes, over the limit of " + MAX_RECORD_BYTES
          + " bytes (ZooKeeper's jute.maxbuffer bounds a znode and a request)"));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      if (closed) {
        done.completeExceptionally(closedError());
        return done;
      }
      queue.add(new Pending(plan, bytes, done));
    }
    return done;
  }

  private <T> CompletableFuture<T> onWriter(Supplier<T> task) {
    CompletableFuture<T> done = new CompletableFuture<>();
    synchronized (this) {
      if (closed) {
        done.completeExceptionally(closedError());
        return done;
      }
      queue.add(new Task(() -> {
        try {
          done.complete(task.get());
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
      }));
    }
    return done;
  }

  private StateStoreException closedError() {
    return new StateStoreException("the state store at " + location() + " is closed; the write was not saved");
  }

  private void run() {
    while (!stopping) {
      Item next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        continue; // only close() stops this thread, after the last queued write
      }
      if (next instanceof Pending p) {
        turn.add(p);
        // group the writes queued behind it, up to the next task (a load, or the stop)
        while (queue.peek() instanceof Pending more) {
          turn.add(more);
          queue.remove();
        }
        commitTurn();
        turn.clear();
      } else if (next instanceof Task t) {
        t.body().run();
      }
    }
  }

  private void commitTurn() {
    int next = 0;
    while (next < turn.size()) {
      List<Pending> group = new ArrayList<>();
      long bytes = 0;
      while (next < turn.size() && (group.isEmpty() || group.size() < MAX_TRANSACTION_OPS / 2
          && bytes + turn.get(next).bytes() + ZkBatch.OP_OVERHEAD_BYTES <= MAX_TRANSACTION_BYTES)) {
        Pending p = turn.get(next++);
        group.add(p);
        bytes += p.bytes() + ZkBatch.OP_OVERHEAD_BYTES;
      }
      commit(group);
    }
  }

  /** One transaction for {@code group}; retried once when an earlier transaction's outcome was unknown. */
  private void commit(List<Pending> group) {
    StateStoreException failure = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      failure = refusal();
      if (failure != null) {
        break;
      }
      List<Pending> planned = new ArrayList<>();
      ZkBatch batch = new ZkBatch(zk, layout, index);
      for (Pending p : group) {
        try {
          p.plan().addTo(batch);
          planned.add(p);
        } catch (StateStoreException e) {
          LOG.error("State store write refused", e);
          p.done().completeExceptionally(e);
        }
      }
      group = planned;
      if (group.isEmpty()) {
        return;
      }
      try {
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(zk.transactionOp().check().withVersion(fenceVersion).forPath(paths.fence()));
        ops.addAll(batch.ops());
        zk.transaction().forOperations(ops);
        group.forEach(p -> p.done().complete(null));
        return;
      } catch (Exception e) {
        indexStale = true;
        failure = classify(e, group.size());
        if (failure != null || fencedMessage != null) {
          break;
        }
        // The fence is still ours and a node was not as the index said: an earlier transaction cut off by a
        // lost connection did commit. The index is read again and the group planned anew.
        LOG.info("State store at {}: a transaction met nodes other than expected ({}); reading the store's nodes "
            + "again and retrying", location(), e.getMessage());
      }
    }
    if (failure == null) {
      failure = new StateStoreException("cannot write " + group.size() + " change(s) to the state store at "
          + location() + ": the store's nodes keep differing from what this RM wrote");
    }
    if (fencedMessage == null) {
      LOG.error("State store write failed; the RM's durable state is behind its memory", failure);
    }
    StateStoreException f = failure;
    group.forEach(p -> p.done().completeExceptionally(f));
  }

  /** Why nothing may be written now (fenced, not loaded, the index unreadable), or null. */
  private StateStoreException refusal() {
    if (fencedMessage != null) {
      return new StateStoreException(fencedMessage);
    }
    if (fenceVersion < 0 || index == null) {
      return new StateStoreException("the state store at " + location() + " writes only after load() has claimed "
          + "the fence " + paths.fence() + " for " + rmId + " and read the store; the write was not saved");
    }
    if (indexStale) {
      try {
        index = ZkStoreIndex.read(zk, layout);
        indexStale = false;
      } catch (Exception e) {
        return zkFailure("cannot read the store's nodes before writing", e);
      }
    }
    return null;
  }

  /**
   * What a failed transaction means: fenced (the fence's version moved on, or its node is gone), ZooKeeper
   * unavailable after the client's retries, or null for a node that was not as the index said.
   */
  private StateStoreException classify(Exception e, int changes) {
    if (!(e instanceof KeeperException k) || isConnectionProblem(k.code())) {
      return zkFailure("cannot write " + changes + " change(s)", e);
    }
    String fenced;
    try {
      fenced = fenceLost();
    } catch (Exception readFailure) {
      return zkFailure("cannot write " + changes + " change(s) (" + e.getMessage()
          + ") nor read the fence " + paths.fence(), readFailure);
    }
    if (fenced != null) {
      fenced(fenced);
      return new StateStoreException(fenced);
    }
    boolean indexWasWrong = k.code() == KeeperException.Code.NODEEXISTS || k.code() == KeeperException.Code.NONODE
        || k.code() == KeeperException.Code.NOTEMPTY;
    return indexWasWrong ? null : zkFailure("cannot write " + changes + " change(s)", e);
  }

  private static boolean isConnectionProblem(KeeperException.Code code) {
    return code == KeeperException.Code.CONNECTIONLOSS || code == KeeperException.Code.SESSIONEXPIRED
        || code == KeeperException.Code.OPERATIONTIMEOUT || code == KeeperException.Code.SESSIONMOVED;
  }

  /** The fenced message if another RM holds the fence now, else null. */
  private String fenceLost() throws Exception {
    Stat stat = new Stat();
    String holder;
    try {
      holder = new String(zk.getData().storingStatIn(stat).forPath(paths.fence()), StandardCharsets.UTF_8);
    } catch (KeeperException.NoNodeException e) {
      return fencedMessage("the fence " + paths.fence() + " was deleted (the store was formatted; ours was version "
          + fenceVersion + ")");
    }
    if (stat.getVersion() == fenceVersion) {
      return null;
    }
    return fencedMessage(holder + " became active (fence " + paths.fence() + " version " + stat.getVersion()
        + ", ours " + fenceVersion + ")");
  }

  private String fencedMessage(String why) {
    return "ResourceManager " + rmId + " was fenced off the state store at " + layout.root() + ": " + why + "; "
        + rmId + " writes nothing more";
  }

  private void fenced(String message) {
    if (fencedMessage != null) {
      return;
    }
    fencedMessage = message;
    LOG.error(message);
    try {
      onFenced.accept(message);
    } catch (RuntimeException e) {
      LOG.error("The fenced callback failed", e);
    }
  }

  private StateStoreException zkFailure(String what, Exception e) {
    return new StateStoreException(what + " at the state store at " + location() + ": " + describe(e), e);
  }

  private static String describe(Exception e) {
    return e instanceof KeeperException k ? "ZooKeeper answered " + k.code() + (k.getPath() == null ? ""
        : " for " + k.getPath()) : e.toString();
  }

  private void claimFence() {
    byte[] id = rmId.getBytes(StandardCharsets.UTF_8);
    try {
      int version;
      try {
        version = zk.setData().forPath(paths.fence(), id).getVersion();
      } catch (KeeperException.NoNodeException absent) {
        try {
          zk.create().creatingParentsIfNeeded().forPath(paths.fence(), id);
          version = 0; // what a new node has; reading it back could see another RM's claim instead
        } catch (KeeperException.NodeExistsException raced) {
          version = zk.setData().forPath(paths.fence(), id).getVersion(); // another RM created it a moment before
        }
      }
      fenceVersion = version;
      fencedMessage = null;
    } catch (Exception e) {
      throw zkFailure(rmId + " cannot claim the fence " + paths.fence(), e);
    }
  }

  private void createIfMissing() {
    try {
      if (zk.checkExists().forPath(layout.root()) != null) {
        return;
      }
      zk.transaction().forOperations(
          zk.transactionOp().check().withVersion(fenceVersion).forPath(paths.fence()),
          zk.transactionOp().create().forPath(layout.root()),
          zk.transactionOp().create().forPath(layout.schemaVersion(),
              StoreLayout.bytes(Integer.toString(StoreLayout.SCHEMA_VERSION))),
          zk.transactionOp().create().forPath(layout.lastSequence(), StoreLayout.bytes("0")),
          zk.transactionOp().create().forPath(layout.apps()));
      LOG.info("Created the state store at {}", location());
    } catch (Exception e) {
      StateStoreException failure = classify(e, 4);
      throw failure != null ? failure : zkFailure("cannot create the store", e);
    }
  }

  private RecoveredState readAll() {
    try {
      ZkStoreReader.checkSchema(zk, layout);
      return new ZkStoreReader(zk, layout).readAll();
    } catch (ZkStoreReader.Unreadable e) {
      throw new StateStoreException("cannot recover from the state store at " + location() + ": " + e.getMessage()
          + ". Run '" + RocksDbStateStore.FORMAT_VERB + "' with this cluster's configuration to wipe it (every "
          + "application is forgotten)", e);
    } catch (Exception e) {
      throw zkFailure("cannot read the store", e);
    }
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof StateStoreException s ? s : new StateStoreException(e.getMessage(), e);
    }
  }
}
