package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.launch.ExitStatus;
import io.weft.rm.app.AppState;
import io.weft.rm.app.ContainerUsage;
import io.weft.rm.app.RmApp;
import io.weft.rm.app.RmAttempt;
import io.weft.rm.container.ContainerEvent;
import io.weft.rm.container.RmContainer;
import io.weft.rm.node.NodeHosts;
import io.weft.rm.node.NodeLabels;
import io.weft.rm.node.NodeReport;
import io.weft.rm.node.NodeState;
import io.weft.rm.node.RmNode;
import io.weft.rm.queue.Partitions;
import io.weft.rm.queue.QueueUsage;
import io.weft.rm.queue.QueueUsageTally;
import io.weft.rm.scheduler.NodeIndex;
import io.weft.rm.scheduler.NodeView;
import io.weft.rm.scheduler.PendingAsk;
import io.weft.rm.scheduler.RackMapping;
import io.weft.rm.scheduler.Reservation;
import io.weft.rm.scheduler.SchedulerSettings;
import java.util.HashSet;
import java.util.Set;
import io.weft.rm.queue.Queues;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The RM's authoritative state: applications (in submission order, which is FIFO order), nodes
 * and containers. Confined to the core loop; no locking.
 */
final class ClusterState {
  /** Every application retained, ended ones included; add with {@link #putApp}. */
  final Map<ApplicationId, RmApp> apps = new LinkedHashMap<>();
  /** See {@link #activeApps()}. */
  private final Map<ApplicationId, RmApp> activeApps = new LinkedHashMap<>();
  /** In id order; add and forget nodes with {@link #putNode} and {@link #forgetNode}, which keep {@link #node} in step. */
  final Map<NodeId, RmNode> nodes = new TreeMap<>();
  /**
   * The same nodes by hash, for the lookups made per placement, per heartbeat and per changed node at
   * publication (a TreeMap lookup compares host strings down the tree: a tenth of a filling pass).
   */
  private final Map<NodeId, RmNode> nodesById = new HashMap<>();
  /** The same records by their numbers ({@link NodeNumbers}): found by position where the number is known. */
  private final List<RmNode> nodesByNumber = new ArrayList<>();
  final Map<ContainerId, RmContainer> containers = new HashMap<>();
  final RmSettings settings;
  final SchedulerSettings schedulerSettings;
  final RackMapping racks;
  final Queues queues;
  /** Nodes held for large asks; replaced by every scheduling pass. */
  List<Reservation> reservations = List.of();
  /** Containers their AMs were told will be preempted, with when they are killed. */
  final Map<ContainerId, Instant> preempting = new LinkedHashMap<>();
  final long clusterTimestamp;
  /** This RM's run on its state store: container ids it grants carry it. */
  final int epoch;
  private final Clock clock;
  private final NodeIndex nodeIndex = new NodeIndex();
  final NodeNumbers nodeNumbers = new NodeNumbers();
  private final ChangedNodes dirtyNodes = new ChangedNodes();
  /** Active nodes silent for a few heartbeat intervals: kept out of placement until they are heard again. */
  private final Set<NodeId> staleNodes = new HashSet<>();
  /**
   * The active nodes (filed at registration, dropped when they end or are forgotten) by when they were last heard
   * from: the liveness and staleness checks walk it, and its size is the active-node count.
   */
  private final NodesInTimeOrder nodesByLastHeard = new NodesInTimeOrder(RmNode::lastHeartbeat);
  /** The LOST, DECOMMISSIONED and SHUTDOWN nodes by when they ended, for forgetting them after their retention. */
  private final NodesInTimeOrder endedNodes = new NodesInTimeOrder(RmNode::stateSince);
  /** The DECOMMISSIONING nodes, checked each tick for whether they have drained. */
  private final Set<NodeId> drainingNodes = new LinkedHashSet<>();
  /** Node reports each active application's AM has not been sent yet (AllocateResponse.updated_nodes). */
  private final Map<ApplicationId, Map<NodeId, NodeReport>> nodeUpdates = new HashMap<>();
  /** The cluster's node labels and which nodes carry them (set by rmadmin, saved in the store). */
  private NodeLabels labels = NodeLabels.NONE;
  /** The nodes that carry a label: the only ones a pass looks at to split the cluster into partitions. */
  private final Set<NodeId> labelledNodes = new HashSet<>();
  /** Which nodes may register and which are to be decommissioned. */
  NodeHosts hosts = NodeHosts.NONE;
  private final NodeClient nodeClient;
  /** Ended applications, oldest end first: the order in which they are forgotten. */
  private final LinkedHashSet<ApplicationId> ended = new LinkedHashSet<>();
  /** How many forgotten applications ended in each final state (cluster metrics stay cumulative). */
  final Map<AppState, Integer> forgotten = new EnumMap<>(AppState.class);
  /**
   * How many ended containers other than AMs' each application keeps records of (listings and reports show
   * them); older ones are forgotten. YARN's RM keeps none once the AM has heard; keeping every one made a
   * long-running application that churns containers hold a record per container it ever had (371,995 in a 20 s
   * run of the wire benchmark), and every snapshot's container map grow as deep.
   */
  static final int ENDED_CONTAINERS_KEPT = 100;
  /** Per application, its ended non-AM containers whose records are kept, oldest end first. */
  private final Map<ApplicationId, ArrayDeque<ContainerId>> endedContainers = new HashMap<>();
  /** Each running attempt's last Allocate answer. */
  final AllocateAnswers allocateAnswers = new AllocateAnswers();
  /** What changed since the last snapshot was published (see {@link Snapshots}). */
  private final ChangedIds<ApplicationId> appsChangedSincePublish = new ChangedIds<>();
  private final NodeReportChanges nodesChangedSincePublish = new NodeReportChanges();
  private List<SnapshotContainers.Change> containersChangedSincePublish = new ArrayList<>();
  /** How many times the container changes have been drained: the mark of the changes noted since. */
  private long publications;
  /** Active applications' queue usage, brought up to date with {@link #usageChanged} before each use. */
  private final QueueUsageTally usageTally = new QueueUsageTally();
  private final Map<ApplicationId, QueueUsage.App> usageCounted = new HashMap<>();
  private final ChangedIds<ApplicationId> usageChanged = new ChangedIds<>();

  ClusterState(RmSettings settings, SchedulerSettings schedulerSettings, Clock clock, NodeClient nodeClient,
      long clusterTimestamp, int epoch, Queues queues) {
    this.epoch = epoch;
    this.settings = requireNonNull(settings);
    this.schedulerSettings = requireNonNull(schedulerSettings);
    this.racks = schedulerSettings.racks();
    this.queues = requireNonNull(queues);
    this.clock = requireNonNull(clock);
    this.nodeClient = requireNonNull(nodeClient);
    this.clusterTimestamp = clusterTimestamp;
  }

  /** Files a (re-)registered node; returns the record it replaces, or null. */
  RmNode putNode(RmNode node) {
    nodesById.put(node.id(), node);
    while (nodesByNumber.size() <= node.number()) {
      nodesByNumber.add(null);
    }
    nodesByNumber.set(node.number(), node);
    dirtyNodes.add(node.id(), node);
    nodesByLastHeard.movedToNow(node);
    endedNodes.remove(node.id());
    drainingNodes.remove(node.id());
    return nodes.put(node.id(), node);
  }

  /** The node record of {@code id}, or null. */
  RmNode node(NodeId id) {
    return nodesById.get(id);
  }

  /** Marks a node for re-filing in the scheduler's index before the next use. */
  void nodeChanged(RmNode node) {
    dirtyNodes.add(node.id(), node);
  }

  /** Called (through {@link RmApp}'s hook) whenever an application, its attempts or their asks change. */
  void appChanged(ApplicationId id) {
    appsChangedSincePublish.add(id);
    usageChanged.add(id);
  }

  /** Called (through {@link RmNode}'s hook) whenever anything the report of node {@code number} shows changes. */
  void nodeReportChanged(int number) {
    nodesChangedSincePublish.add(number);
  }

  /** The applications changed since the last call (see {@link Snapshots}); the caller owns the set. */
  Set<ApplicationId> drainAppsChanged() {
    return appsChangedSincePublish.drain();
  }

  /**
   * The numbers of the nodes whose report changed since the last call; a number whose node was forgotten may have
   * gone to a new node since (see {@link #nodeNumbered}).
   */
  int[] drainNodesChanged() {
    return nodesChangedSincePublish.drain();
  }

  /** The node numbered {@code number} now, or null when none is. */
  RmNode nodeNumbered(int number) {
    return number >= 0 && number < nodesByNumber.size() ? nodesByNumber.get(number) : null;
  }

  /** The changes to containers since the last call, in their order; the caller owns the list. */
  List<SnapshotContainers.Change> drainContainersChanged() {
    List<SnapshotContainers.Change> out = containersChangedSincePublish;
    containersChangedSincePublish = new ArrayList<>(out.size());
    publications++;
    return out;
  }

  /**
   * Called (through {@link RmContainer}'s hook) whenever a container's view changes. A container is noted once
   * between publications, however often it changes: publication reads it as it is then. A container is created
   * and acquired by its AM in one batch, and ended and its exit recorded in another; writing each change into the
   * snapshot was most of publishing's cost.
   */
  private void containerChanged(RmContainer container) {
    if (container.markOnce(publications)) {
      containersChangedSincePublish.add(new SnapshotContainers.Change(container.id(), container));
    }
  }

  /** A new application record, told of its own changes. */
  RmApp newApp(io.weft.rm.app.ApplicationSubmission submission, Instant submitTime, String proxyTrackingUrl) {
    ApplicationId id = submission.id();
    appChanged(id);
    return new RmApp(submission, submitTime, proxyTrackingUrl, epoch, () -> appChanged(id));
  }

  /** A new container record, told of its own changes; the caller files it in {@link #containers}. */
  RmContainer newContainer(io.weft.rm.container.Allocation allocation, boolean amContainer, Instant created) {
    ContainerId id = allocation.containerId();
    appChanged(id.applicationId());
    RmContainer container = new RmContainer(allocation, amContainer, created, this::containerChanged);
    containerChanged(container);
    return container;
  }

  /**
   * Marks {@code node} stale (silent past a few heartbeat intervals) or fresh again; true when
   * that changed.
   */
  boolean stale(NodeId node, boolean stale) {
    boolean changed = stale ? staleNodes.add(node) : staleNodes.remove(node);
    if (changed) {
      dirtyNodes.add(node, nodesById.get(node));
    }
    return changed;
  }

  /** {@code node} (active) was heard from now. */
  void nodeHeard(RmNode node) {
    nodesByLastHeard.movedToNow(node);
  }

  /** Files {@code node} by the state it has just entered: ended, it waits to be forgotten; draining, to drain. */
  void fileByState(RmNode node) {
    if (node.state().isInactive()) {
      nodesByLastHeard.remove(node.id());
      endedNodes.movedToNow(node);
    }
    if (node.state() == NodeState.DECOMMISSIONING) {
      drainingNodes.add(node.id());
    } else {
      drainingNodes.remove(node.id());
    }
  }

  /** The active nodes last heard from before {@code cutoff}, the longest silent first. */
  List<RmNode> activeNodesSilentSince(Instant cutoff) {
    return nodesByLastHeard.before(cutoff);
  }

  /** The LOST, DECOMMISSIONED and SHUTDOWN nodes that ended before {@code cutoff}. */
  List<RmNode> nodesEndedBefore(Instant cutoff) {
    return endedNodes.before(cutoff);
  }

  /** The DECOMMISSIONING nodes. */
  List<RmNode> drainingNodes() {
    List<RmNode> out = new ArrayList<>(drainingNodes.size());
    for (NodeId id : drainingNodes) {
      out.add(nodesById.get(id));
    }
    return out;
  }

  /** Tells the AM of every active application, in its next allocate answer, the node's new state. */
  void nodeStateChanged(RmNode node) {
    NodeReport report = node.report();
    for (RmApp app : apps.values()) {
      if (!app.state().isFinal()) {
        nodeUpdates.computeIfAbsent(app.submission().id(), a -> new LinkedHashMap<>()).put(node.id(), report);
      }
    }
  }

  /** The node changes {@code app}'s AM has not been told of; it is told now. */
  List<NodeReport> pullNodeUpdates(ApplicationId app) {
    Map<NodeId, NodeReport> updates = nodeUpdates.remove(app);
    return updates == null ? List.of() : List.copyOf(updates.values());
  }

  NodeLabels labels() {
    return labels;
  }

  /** Gives every node its partition under {@code next}; the AMs hear of each node whose label changed. */
  void relabel(NodeLabels next) {
    labels = requireNonNull(next);
    for (RmNode node : nodes.values()) {
      if (applyPartition(node)) {
        nodeStateChanged(node);
      }
    }
  }

  /** Gives {@code node} its label under the cluster's mappings; true when its partition changed. */
  boolean applyPartition(RmNode node) {
    String partition = labels.partitionOf(node.id());
    if (partition.isEmpty()) {
      labelledNodes.remove(node.id());
    } else {
      labelledNodes.add(node.id());
    }
    return node.partition(partition);
  }

  /**
   * The schedulable capacity split by partition, with what each leaf queue holds on labelled nodes:
   * O(labelled nodes and their containers), nothing for a cluster without labels.
   */
  Partitions partitions() {
    NodeIndex index = nodeIndex();
    if (labels.labels().isEmpty() && labelledNodes.isEmpty()) {
      return Partitions.unlabelled(index.capacity());
    }
    Map<String, Resource> totals = new HashMap<>();
    labels.names().forEach(l -> totals.put(l, Resource.NONE));
    Map<String, Map<String, Resource>> used = new HashMap<>();
    Map<String, Map<String, Map<String, Resource>>> users = new HashMap<>();
    Map<String, Map<String, Resource>> ams = new HashMap<>();
    Resource labelled = Resource.NONE;
    for (NodeId id : labelledNodes) {
      RmNode node = nodesById.get(id);
      if (node == null) {
        continue;
      }
      String partition = node.partition();
      if (node.state().isSchedulable() && !staleNodes.contains(id)) {
        totals.merge(partition, node.capability(), Resource::add);
        labelled = labelled.add(node.capability());
      }
      node.holdings().forEach((container, resource) -> {
        RmApp app = apps.get(container.applicationId());
        if (app != null && !app.state().isFinal()) {
          used.computeIfAbsent(app.queue(), q -> new HashMap<>()).merge(partition, resource, Resource::add);
          users.computeIfAbsent(app.queue(), q -> new HashMap<>()).computeIfAbsent(partition, l -> new HashMap<>())
              .merge(app.submission().user(), resource, Resource::add);
          RmContainer c = containers.get(container);
          if (c != null && c.isAmContainer()) {
            ams.computeIfAbsent(app.queue(), q -> new HashMap<>()).merge(partition, resource, Resource::add);
          }
        }
      });
    }
    return new Partitions(index.capacity().subtract(labelled), totals, used, users, ams);
  }

  void nodeRegistered(NodeId id) {
    nodeClient.nodeRegistered(id);
  }

  /** Forgets a node record (pruned after its retention time). */
  void forgetNode(NodeId id) {
    nodes.remove(id);
    nodesByLastHeard.remove(id);
    endedNodes.remove(id);
    drainingNodes.remove(id);
    labelledNodes.remove(id);
    RmNode forgotten = nodesById.remove(id);
    if (forgotten != null) {
      nodesByNumber.set(forgotten.number(), null);
    }
    int number = nodeNumbers.forget(id);
    if (number >= 0) {
      nodeReportChanged(number);
    }
    staleNodes.remove(id);
    dirtyNodes.add(id, null);
    nodeClient.nodeRemoved(id);
  }

  /** The nodes {@link #nodeIndex()} re-files from the real nodes when next asked (a view). */
  Set<NodeId> nodesToRefile() {
    return dirtyNodes.view();
  }

  /** The index of schedulable nodes, brought up to date with the nodes changed since last asked. */
  NodeIndex nodeIndex() {
    if (dirtyNodes.isEmpty()) {
      return nodeIndex;
    }
    for (Map.Entry<NodeId, RmNode> changed : dirtyNodes.drain().entrySet()) {
      RmNode node = changed.getValue();
      if (node != null && nodeNumbered(node.number()) != node) {
        node = nodesById.get(changed.getKey()); // a replaced or forgotten record told of a change: file the current
      }
      if (node != null && node.state().isSchedulable() && (staleNodes.isEmpty() || !staleNodes.contains(node.id()))) {
        nodeIndex.put(new NodeView(node.id(), node.rack(), node.capability(), node.free(), node.partition(),
            node.number()));
      } else {
        nodeIndex.remove(changed.getKey());
      }
    }
    return nodeIndex;
  }

  Instant now() {
    return clock.instant();
  }

  Optional<RmApp> app(ApplicationId id) {
    return Optional.ofNullable(apps.get(id));
  }

  Optional<RmAttempt> attempt(ApplicationAttemptId id) {
    return app(id.applicationId()).flatMap(a -> a.attempt(id));
  }

  /**
   * Ends a container in the RM's books: applies {@code event}, records the exit, and gives its
   * resources back to its node. Returns false when it had already ended.
   */
  boolean endContainer(RmContainer container, ContainerEvent event, int exitStatus, String diagnostics) {
    if (container.state().isFinal()) {
      return false;
    }
    container.handle(event);
    container.recordExit(exitStatus, diagnostics, now());
    preempting.remove(container.id());
    RmNode node = nodes.get(container.nodeId());
    if (node != null) {
      node.release(container.id());
    }
    var ended = container.view();
    var preemption = ended.exitStatus() != ExitStatus.PREEMPTED ? ContainerUsage.Preemption.NONE
        : container.isAmContainer() ? ContainerUsage.Preemption.AM_CONTAINER : ContainerUsage.Preemption.OTHER_CONTAINER;
    app(container.id().applicationId()).ifPresent(
        a -> a.containerEnded(container.id(), ended.created(), ended.finished(), preemption));
    if (!container.isAmContainer()) {
      keepEnded(container.id());
    }
    return true;
  }

  /**
   * Drops the container records a forgotten application left: its kept ended ones, its AMs' and any still live;
   * it has no others. Looks only at those, not at every record the RM keeps (a scan per forgotten application
   * grew with every application retained).
   */
  private void forgetContainersOf(RmApp app) {
    List<ContainerId> ids = new ArrayList<>(app.liveContainers());
    ArrayDeque<ContainerId> kept = endedContainers.remove(app.submission().id());
    if (kept != null) {
      ids.addAll(kept);
    }
    for (RmAttempt attempt : app.attempts()) {
      if (attempt.amContainer() != null) {
        ids.add(attempt.amContainer().containerId());
      }
    }
    ids.forEach(this::forgetContainer);
  }

  private void forgetContainer(ContainerId id) {
    if (containers.remove(id) != null) {
      containersChangedSincePublish.add(new SnapshotContainers.Change(id, null));
    }
  }

  /** Files an ended container among its application's kept ones, forgetting the oldest beyond the bound. */
  private void keepEnded(ContainerId id) {
    ArrayDeque<ContainerId> kept = endedContainers.computeIfAbsent(id.applicationId(), a -> new ArrayDeque<>());
    kept.addLast(id);
    if (kept.size() > ENDED_CONTAINERS_KEPT) {
      forgetContainer(kept.pollFirst());
    }
  }

  /** Ends {@code toStop} in the books ({@code event}) and asks their NMs to stop them. */
  void stopContainers(Collection<RmContainer> toStop, ContainerEvent event, int exitStatus, String diagnostics) {
    Map<NodeId, List<ContainerId>> byNode = new TreeMap<>();
    for (RmContainer c : toStop) {
      if (endContainer(c, event, exitStatus, diagnostics)) {
        byNode.computeIfAbsent(c.nodeId(), n -> new ArrayList<>()).add(c.id());
      }
    }
    byNode.forEach((node, ids) -> {
      RmNode rmNode = nodes.get(node);
      if (rmNode != null && rmNode.state().isActive()) {
        nodeClient.stopContainers(node, ids, exitStatus, diagnostics);
      }
    });
  }

  /**
   * Ends containers as {@link #stopContainers} does, but names them in their nodes' next heartbeat answers
   * (containers_to_cleanup, as YARN does for every release) instead of calling the nodes: for containers no node
   * has reported running, which an AM gives back mostly unstarted (the ones it got beyond what it needs), so a
   * call would mostly be answered that the node knows no such container. Should the AM have started one
   * meanwhile, its node stops it on that answer; should the start come later still, the node reports it running
   * and the answer after names it again ({@link Nodes}).
   */
  void endAtNextHeartbeat(Collection<RmContainer> toEnd, ContainerEvent event, int exitStatus, String diagnostics) {
    for (RmContainer c : toEnd) {
      if (endContainer(c, event, exitStatus, diagnostics)) {
        RmNode node = nodes.get(c.nodeId());
        if (node != null && node.state().isActive()) {
          node.cleanupContainer(c.id());
        }
      }
    }
  }

  /**
   * The containers of {@code app} its AM has been told will be preempted; by application, since a
   * container kept from an earlier attempt is the current AM's to give up.
   */
  List<ContainerId> preemptionsOf(ApplicationId app) {
    if (preempting.isEmpty()) {
      return List.of();
    }
    return preempting.keySet().stream().filter(id -> id.applicationId().equals(app)).toList();
  }

  List<RmContainer> liveContainersOf(RmApp app) {
    List<RmContainer> out = new ArrayList<>();
    for (ContainerId id : app.liveContainers()) {
      RmContainer c = containers.get(id);
      if (c != null && !c.state().isFinal()) {
        out.add(c);
      }
    }
    return out;
  }

  void putApp(RmApp app) {
    apps.put(app.submission().id(), app);
    activeApps.put(app.submission().id(), app);
  }

  /**
   * The applications not in a final state, in submission order. Each scheduling pass and each tick walks
   * these, not every application retained (up to {@link RmSettings#maxCompletedApplications()} ended ones
   * besides): those found ended are dropped here, as they are met.
   */
  Collection<RmApp> activeApps() {
    activeApps.values().removeIf(app -> app.state().isFinal());
    return Collections.unmodifiableCollection(activeApps.values());
  }

  /**
   * Notes that {@code app} ended and forgets the oldest ended applications beyond
   * {@link RmSettings#maxCompletedApplications()}, with their containers; returns the ids forgotten.
   */
  List<ApplicationId> applicationEnded(RmApp app) {
    ended.add(app.submission().id());
    nodeUpdates.remove(app.submission().id());
    app.attempts().forEach(attempt -> allocateAnswers.forget(attempt.id()));
    List<ApplicationId> pruned = new ArrayList<>();
    var oldest = ended.iterator();
    while (ended.size() > settings.maxCompletedApplications() && oldest.hasNext()) {
      ApplicationId id = oldest.next();
      oldest.remove();
      RmApp gone = apps.remove(id);
      activeApps.remove(id);
      if (gone != null) {
        forgotten.merge(gone.state(), 1, Integer::sum);
        pruned.add(id);
        appChanged(id);
        forgetContainersOf(gone);
      }
    }
    return pruned;
  }

  /** Free resources over every schedulable node: FIFO's headroom. */
  Resource available() {
    return nodeIndex().free();
  }

  /** The largest container granted now: see {@link MaximumAllocation} (scans the nodes only with resource types). */
  Resource maximumAllocation() {
    return MaximumAllocation.of(settings, each -> nodes.values().stream().filter(n -> n.state().isActive())
        .forEach(n -> each.accept(n.capability())));
  }

  /** Total capability of the schedulable nodes: what queue percentages are of. */
  Resource schedulableCapacity() {
    return nodeIndex().capacity();
  }

  /**
   * What each leaf queue's active applications hold and still ask for, per user, with their
   * applications, containers and the reservations made for them. Kept up to date as applications
   * change: costs O(applications changed since the last call + leaves × users), not O(applications).
   */
  QueueUsage queueUsage() {
    for (ApplicationId id : usageChanged.drain()) {
      QueueUsage.App old = usageCounted.remove(id);
      if (old != null) {
        usageTally.remove(id, old);
      }
      RmApp app = apps.get(id);
      if (app != null && !app.state().isFinal()) {
        QueueUsage.App now = usageOf(app);
        usageTally.add(id, now);
        usageCounted.put(id, now);
      }
    }
    List<QueueUsageTally.Reserved> reserved = new ArrayList<>();
    for (Reservation r : reservations) {
      RmApp app = apps.get(r.attemptId().applicationId());
      if (app != null && !app.state().isFinal()) {
        reserved.add(new QueueUsageTally.Reserved(app.queue(), app.submission().user(), r.key().capability(),
            partitionOf(r.nodeId())));
      }
    }
    return usageTally.usage(reserved);
  }

  /** What one active application brings to its leaf queue now. */
  static QueueUsage.App usageOf(RmApp app) {
    List<PendingAsk> asks = app.currentAttempt().map(a -> a.asks().pending()).orElse(List.of());
    Resource wanted = Resource.NONE;
    int wantedContainers = 0;
    Map<String, Resource> wantedOnLabels = Map.of();
    for (PendingAsk ask : asks) {
      Resource all = ask.key().capability().multiply(ask.count());
      wanted = wanted.add(all);
      wantedContainers += ask.count();
      if (!ask.partition().isEmpty()) {
        wantedOnLabels = wantedOnLabels.isEmpty() ? new HashMap<>() : wantedOnLabels;
        wantedOnLabels.merge(ask.partition(), all, Resource::add);
      }
    }
    return new QueueUsage.App(app.queue(), app.submission().user(), app.holds(), app.amHolds(),
        app.launchTimeOrNull() == null, app.liveContainerCount(), wantedContainers, wanted, wantedOnLabels);
  }

  /** The label of node {@code id}, "" when it has none or is gone. */
  private String partitionOf(NodeId id) {
    RmNode node = nodesById.get(id);
    return node == null ? "" : node.partition();
  }

  /**
   * Queue usage summed afresh over every application: what {@link #queueUsage} must always equal
   * (tests compare them); O(applications).
   */
  QueueUsage queueUsageRecomputed() {
    QueueUsage usage = new QueueUsage();
    for (RmApp app : apps.values()) {
      if (!app.state().isFinal()) {
        usage.add(usageOf(app));
      }
    }
    for (Reservation r : reservations) {
      RmApp app = apps.get(r.attemptId().applicationId());
      if (app != null && !app.state().isFinal()) {
        usage.reserve(app.queue(), app.submission().user(), r.key().capability(), partitionOf(r.nodeId()));
      }
    }
    return usage;
  }

  /** How many nodes are active. */
  int activeNodeCount() {
    return nodesByLastHeard.size();
  }

  /** Where a container's logs are, for diagnostics a user can act on. */
  String logHint(RmContainer container) {
    RmNode node = nodes.get(container.nodeId());
    String stderr = "stderr";
    if (node != null && !node.logDir().isBlank()) {
      return "see " + node.logDir() + "/" + container.id().applicationId() + "/" + container.id() + "/" + stderr
          + " on " + container.nodeId();
    }
    return "see the container's " + stderr + " in the NodeManager log directory on " + container.nodeId();
  }
}
