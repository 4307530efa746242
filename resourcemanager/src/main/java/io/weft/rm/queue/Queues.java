package io.weft.rm.queue;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.rm.scheduler.LeafSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The RM's current queue tree: admission checks for submissions and moves, the swap on refresh,
 * and the per-pass snapshot of leaf limits. Leaves are named by their (unique) short name.
 * Confined to the RM core loop.
 */
public final class Queues {
  private static final Logger LOG = LogManager.getLogger();
  private QueueSpec root;

  public Queues(QueueSpec root) {
    this.root = requireNonNull(root);
  }

  public QueueSpec root() {
    return root;
  }

  /** The leaf {@code name} (short name or full path; blank = default), or a NOT_FOUND naming the leaves. */
  public QueueSpec leaf(String name) {
    String wanted = name == null || name.isBlank() ? "default" : name.strip();
    QueueSpec queue = root.find(wanted).orElseThrow(() -> WeftException.notFound("queue '" + wanted
        + "' does not exist; leaf queues are " + leafNames()));
    if (!queue.isLeaf()) {
      throw WeftException.invalidArgument("queue '" + wanted + "' is a parent queue; applications go to a leaf: "
          + leafNames());
    }
    return queue;
  }

  /** Any queue by short name or path, or NOT_FOUND. */
  public QueueSpec queue(String name) {
    String wanted = name == null || name.isBlank() ? QueueConfigParser.ROOT : name.strip();
    return root.find(wanted).or(() -> root.children().isEmpty() ? java.util.Optional.empty()
        : findAnyByName(root, wanted)).orElseThrow(() -> WeftException.notFound("queue '" + wanted
        + "' does not exist; queues are " + allPaths()));
  }

  private static java.util.Optional<QueueSpec> findAnyByName(QueueSpec at, String name) {
    if (at.name().equals(name)) {
      return java.util.Optional.of(at);
    }
    for (QueueSpec c : at.children()) {
      var found = findAnyByName(c, name);
      if (found.isPresent()) {
        return found;
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * Checks that {@code user} may add one application to leaf {@code name}: it is RUNNING, the
   * submit ACL of the queue or an ancestor allows the user, and it is below maximum-applications.
   * Returns the leaf.
   */
  public QueueSpec admit(String name, String user, ToIntFunction<String> activeAppsOfLeaf) {
    QueueSpec leaf = leaf(name);
    if (leaf.state() == QueueState.STOPPED) {
      throw WeftException.failedPrecondition("queue " + leaf.name() + " is STOPPED; it accepts no new applications");
    }
    boolean allowed = root.ancestry(leaf.path()).stream().anyMatch(q -> q.submitAcl().allows(user));
    if (!allowed) {
      throw WeftException.permissionDenied("user " + user + " may not submit to queue " + leaf.name()
          + " (acl_submit_applications is '" + leaf.submitAcl().text().strip() + "' on it and its parents do not "
          + "allow the user either)");
    }
    int active = activeAppsOfLeaf.applyAsInt(leaf.name());
    if (leaf.maxApplications() > 0 && active >= leaf.maxApplications()) {
      throw WeftException.resourceExhausted("queue " + leaf.name() + " already has " + active
          + " applications, its maximum-applications " + leaf.maxApplications());
    }
    return leaf;
  }

  /**
   * Checks that {@code user} may {@code action} (kill, move) application {@code appId} of
   * {@code owner} in leaf {@code queue}: the owner may, and so may users that the administer ACL of
   * the queue or an ancestor allows (root's default is {@code *}, as in YARN). Otherwise
   * PERMISSION_DENIED naming the user, the application, the queue and its ACL.
   */
  public void requireAdmin(String queue, String user, String owner, String action, Object appId) {
    if (user.equals(owner)) {
      return;
    }
    QueueSpec leaf = root.find(queue).orElse(null);
    List<QueueSpec> chain = leaf == null ? List.of(root) : root.ancestry(leaf.path());
    if (chain.stream().anyMatch(q -> q.adminAcl().allows(user))) {
      return;
    }
    throw WeftException.permissionDenied("user " + user + " may not " + action + " application " + appId
        + " of user " + owner + " in queue " + queue + " (acl_administer_queue is '"
        + (leaf == null ? "" : leaf.adminAcl().text().strip()) + "' on it and its parents do not allow the user "
        + "either)");
  }

  /**
   * Swaps in {@code next} unless it would drop a queue that still matters: a removed leaf must
   * have been STOPPED and be empty, and a leaf that holds applications must stay a leaf.
   */
  public void replace(QueueSpec next, ToIntFunction<String> activeAppsOfLeaf) {
    for (QueueSpec old : root.leaves()) {
      var now = next.find(old.path()).or(() -> next.find(old.name()));
      int apps = activeAppsOfLeaf.applyAsInt(old.name());
      if (now.isEmpty()) {
        if (old.state() != QueueState.STOPPED || apps > 0) {
          throw WeftException.failedPrecondition("the new queue file removes queue " + old.path() + ", which is "
              + old.state() + " with " + apps + " active applications; stop it (state=STOPPED), let it drain, "
              + "then remove it");
        }
      } else if (!now.get().isLeaf() && apps > 0) {
        throw WeftException.failedPrecondition("the new queue file turns leaf queue " + old.path()
            + " into a parent while it has " + apps + " active applications");
      }
    }
    LOG.info("queues refreshed: leaves {}", next.leaves().stream().map(QueueSpec::path).toList());
    root = next;
  }

  /** Each leaf's limits in absolute resources for a cluster of {@code total}, with what it holds. */
  public List<LeafSnapshot> snapshot(Resource total, QueueUsage usage) {
    return snapshot(Partitions.unlabelled(total), usage);
  }

  /**
   * Each leaf's limits: those of the default partition (queue percentages of its nodes, usage on them) and,
   * for every cluster label it may use, its share of that label's nodes with what it holds there.
   */
  public List<LeafSnapshot> snapshot(Partitions partitions, QueueUsage usage) {
    Resource total = partitions.defaultTotal();
    List<LeafSnapshot> out = new ArrayList<>();
    for (QueueSpec leaf : root.leaves()) {
      Resource guaranteed = scale(total, leaf.absoluteCapacity());
      Resource maximum = scale(total, leaf.absoluteMaximumCapacity());
      // only the memory of AM containers is limited, as YARN's default resource calculator does
      Resource amLimit = Resource.of(amLimitMb(guaranteed, leaf), Integer.MAX_VALUE);
      List<LeafSnapshot.ParentLimit> parents = new ArrayList<>();
      for (QueueSpec p : root.ancestry(leaf.path())) {
        if (p != leaf && p != root) {
          parents.add(new LeafSnapshot.ParentLimit(p.path(), scale(total, p.absoluteMaximumCapacity()),
              usedBelow(p, usage).subtract(usedOnLabelsBelow(p, partitions)), labelMaximums(p, partitions),
              usedOnEachLabelBelow(p, partitions)));
        }
      }
      Map<String, LeafSnapshot.PartitionShare> shares = new HashMap<>();
      partitions.labelTotals().forEach((label, labelTotal) -> {
        if (leaf.labels().mayUse(label)) {
          NodeLabelAccess.LabelCapacity c = leaf.labels().capacity(label);
          Resource labelGuarantee = scale(labelTotal, c.absoluteCapacity());
          Resource labelMaximum = scale(labelTotal, c.absoluteMaximumCapacity());
          shares.put(label, new LeafSnapshot.PartitionShare(label, labelGuarantee, labelMaximum,
              partitions.used(leaf.name(), label), Resource.of(amLimitMb(labelGuarantee, leaf), Integer.MAX_VALUE),
              partitions.amUsed(leaf.name(), label), labelUserLimit(labelTotal, c, labelMaximum, leaf),
              partitions.users(leaf.name(), label)));
        }
      });
      out.add(new LeafSnapshot(leaf.path(), leaf.state() == QueueState.RUNNING, leaf.absoluteCapacity(), guaranteed,
          maximum, amLimit, leaf.maxAmShare(), userLimit(total, leaf),
          usage.used(leaf.name()).subtract(partitions.usedOnAnyLabel(leaf.name())),
          usage.amUsed(leaf.name()).subtract(partitions.amUsedOnAnyLabel(leaf.name())),
          partitions.defaultPartitionUsers(leaf.name(), usage.byUser(leaf.name())), parents, shares));
    }
    return out;
  }

  /** What one user's containers may hold in {@code leaf}: its guarantee × user-limit-factor, within its maximum. */
  private static Resource userLimit(Resource total, QueueSpec leaf) {
    return min(scale(total, leaf.absoluteCapacity() * leaf.userLimitFactor()),
        scale(total, leaf.absoluteMaximumCapacity()));
  }

  /** What one user's containers may hold on a label: the leaf's guarantee there × user-limit-factor, within its maximum. */
  private static Resource labelUserLimit(Resource labelTotal, NodeLabelAccess.LabelCapacity c, Resource labelMaximum,
      QueueSpec leaf) {
    return min(scale(labelTotal, c.absoluteCapacity() * leaf.userLimitFactor()), labelMaximum);
  }

  /** The memory a leaf's AM containers may hold together: its AM share of its guarantee. */
  private static long amLimitMb(Resource guaranteed, QueueSpec leaf) {
    return (long) (guaranteed.memoryMb() * leaf.maxAmShare());
  }

  /** YARN's computation (LeafQueue): maximum-applications scaled by the user limit and its factor. */
  private static int maxApplicationsPerUser(QueueSpec leaf, float minimumUserLimitPercent) {
    int max = leaf.maxApplications() == 0 ? Integer.MAX_VALUE : leaf.maxApplications();
    return (int) Math.min(max, (long) (max * (minimumUserLimitPercent / 100.0) * leaf.userLimitFactor()));
  }

  /**
   * The limits a leaf's report shows, the same as {@link #snapshot} gives the scheduler. The AM limit's
   * vcores are the same share of the guaranteed vcores, reported but not enforced.
   */
  private static QueueView.LeafLimits limits(Resource total, QueueSpec leaf) {
    Resource guaranteed = scale(total, leaf.absoluteCapacity());
    Resource amLimit = Resource.of(amLimitMb(guaranteed, leaf), (int) (guaranteed.vcores() * leaf.maxAmShare()));
    // Weft's user limit is YARN's with minimum-user-limit-percent 100: a user is never held below the
    // user limit however many users are active
    float minimumUserLimitPercent = 100f;
    return new QueueView.LeafLimits(amLimit, amLimit, userLimit(total, leaf), minimumUserLimitPercent,
        maxApplicationsPerUser(leaf, minimumUserLimitPercent));
  }

  /**
   * A report of queue {@code name}, with its children's (recursively) when {@code withChildren}, for a
   * cluster of {@code total}; {@code preemption} says whether the scheduler takes containers back.
   */
  public QueueView view(String name, boolean withChildren, Resource total, QueueUsage usage, boolean preemption) {
    return view(name, withChildren, Partitions.unlabelled(total), usage, preemption);
  }

  /** As above, with the default partition's capacities of its nodes and a share of every label the queue may use. */
  public QueueView view(String name, boolean withChildren, Partitions partitions, QueueUsage usage,
      boolean preemption) {
    return view(queue(name), withChildren, partitions, usage, preemption);
  }

  private QueueView view(QueueSpec q, boolean withChildren, Partitions partitions, QueueUsage usage,
      boolean preemption) {
    Resource total = partitions.defaultTotal();
    QueueLoad load = QueueLoad.NONE;
    int pending = 0;
    int active = 0;
    for (QueueSpec leaf : q.leaves()) {
      load = load.plus(usage.load(leaf.name()));
      pending += usage.pendingApps(leaf.name());
      active += usage.activeApps(leaf.name());
    }
    Resource used = load.used();
    List<QueueView.PartitionView> labelled = partitionViews(q, partitions);
    Resource usedOnDefault = used;
    for (QueueView.PartitionView p : labelled) {
      usedOnDefault = usedOnDefault.subtract(p.used());
    }
    float absUsed = (float) usedOnDefault.dominantShareOf(total);
    float current = q.absoluteCapacity() <= 0 ? 0 : (float) (absUsed / q.absoluteCapacity());
    List<QueueView> children = withChildren
        ? q.children().stream().map(c -> view(c, true, partitions, usage, preemption)).toList() : List.of();
    return new QueueView(q.name(), q.path(), q.isLeaf(), (float) (q.capacity() / 100),
        (float) (q.maximumCapacity() / 100), (float) q.absoluteCapacity(), (float) q.absoluteMaximumCapacity(),
        current, absUsed, used, q.state(), pending + active, pending, active, (float) q.userLimitFactor(),
        q.maxApplications(), (float) q.maxAmShare(), q.submitAcl().text(), q.adminAcl().text(),
        scale(total, q.absoluteCapacity()), scale(total, q.absoluteMaximumCapacity()), load,
        q.isLeaf() ? limits(total, q) : QueueView.LeafLimits.NONE,
        q.isLeaf() ? usage.users(q.name()) : List.of(), !preemption,
        q.labels().accessible().stream().sorted().toList(), labelled, children);
  }

  private static List<QueueView.PartitionView> partitionViews(QueueSpec q, Partitions partitions) {
    List<QueueView.PartitionView> out = new ArrayList<>();
    Map<String, Resource> usedByLabel = usedOnEachLabelBelow(q, partitions);
    new TreeMap<>(partitions.labelTotals()).forEach((label, labelTotal) -> {
      if (!q.labels().mayUse(label)) {
        return;
      }
      NodeLabelAccess.LabelCapacity c = q.labels().capacity(label);
      Resource used = usedByLabel.getOrDefault(label, Resource.NONE);
      Resource amUsed = Resource.NONE;
      for (QueueSpec leaf : q.leaves()) {
        amUsed = amUsed.add(partitions.amUsed(leaf.name(), label));
      }
      Resource guaranteed = scale(labelTotal, c.absoluteCapacity());
      Resource amLimit = q.isLeaf()
          ? Resource.of(amLimitMb(guaranteed, q), (int) (guaranteed.vcores() * q.maxAmShare())) : Resource.NONE;
      Resource maximum = scale(labelTotal, c.absoluteMaximumCapacity());
      out.add(new QueueView.PartitionView(label, (float) (c.capacity() / 100), (float) (c.maximumCapacity() / 100),
          (float) c.absoluteCapacity(), (float) c.absoluteMaximumCapacity(), guaranteed, maximum, used,
          shareOf(used, labelTotal), amUsed, amLimit,
          q.isLeaf() ? labelUserLimit(labelTotal, c, maximum, q) : Resource.NONE,
          q.isLeaf() ? partitions.users(q.name(), label) : Map.of()));
    });
    return out;
  }

  /** {@code used} as a fraction of {@code total}; all of it when the total has gone (its nodes left). */
  private static float shareOf(Resource used, Resource total) {
    double share = used.dominantShareOf(total);
    return Double.isFinite(share) ? (float) share : 1f;
  }

  static Resource usedBelow(QueueSpec queue, QueueUsage usage) {
    Resource sum = Resource.NONE;
    for (QueueSpec leaf : queue.leaves()) {
      sum = sum.add(usage.used(leaf.name()));
    }
    return sum;
  }

  /** The maximum of {@code parent} on each cluster label it may use, in resources of the label's nodes. */
  private static Map<String, Resource> labelMaximums(QueueSpec parent, Partitions partitions) {
    Map<String, Resource> out = new HashMap<>();
    partitions.labelTotals().forEach((label, labelTotal) -> {
      if (parent.labels().mayUse(label)) {
        out.put(label, scale(labelTotal, parent.labels().capacity(label).absoluteMaximumCapacity()));
      }
    });
    return out;
  }

  /** What the leaves below {@code queue} hold on each label. */
  private static Map<String, Resource> usedOnEachLabelBelow(QueueSpec queue, Partitions partitions) {
    Map<String, Resource> out = new HashMap<>();
    for (QueueSpec leaf : queue.leaves()) {
      partitions.labelTotals().keySet().forEach(label -> out.merge(label, partitions.used(leaf.name(), label),
          Resource::add));
    }
    return out;
  }

  private static Resource usedOnLabelsBelow(QueueSpec queue, Partitions partitions) {
    Resource sum = Resource.NONE;
    for (QueueSpec leaf : queue.leaves()) {
      sum = sum.add(partitions.usedOnAnyLabel(leaf.name()));
    }
    return sum;
  }

  /**
   * {@code fraction} of {@code total} in every resource type, rounded down (a queue of 50 % of a 3-GPU cluster
   * may hold 1 GPU), as YARN's CapacityScheduler scales each type of the cluster resource.
   */
  static Resource scale(Resource total, double fraction) {
    Map<String, Long> others = new TreeMap<>();
    total.others().forEach((type, amount) -> others.put(type, (long) Math.floor(amount * fraction + 1e-6)));
    return new Resource((long) Math.floor(total.memoryMb() * fraction + 1e-6),
        (int) Math.floor(total.vcores() * fraction + 1e-6), others);
  }

  private static Resource min(Resource a, Resource b) {
    Map<String, Long> others = new TreeMap<>(a.others());
    b.others().forEach((type, amount) -> others.merge(type, amount, Math::min));
    a.others().keySet().stream().filter(type -> !b.others().containsKey(type)).forEach(type -> others.put(type, 0L));
    return new Resource(Math.min(a.memoryMb(), b.memoryMb()), Math.min(a.vcores(), b.vcores()), others);
  }

  private String leafNames() {
    return root.leaves().stream().map(QueueSpec::name).toList().toString();
  }

  private String allPaths() {
    List<String> out = new ArrayList<>();
    collect(root, out);
    return out.toString();
  }

  private static void collect(QueueSpec q, List<String> out) {
    out.add(q.path());
    q.children().forEach(c -> collect(c, out));
  }
}
