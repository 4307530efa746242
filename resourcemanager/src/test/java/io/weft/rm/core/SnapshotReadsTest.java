package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.rm.app.AppReport;
import io.weft.rm.container.Allocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Reads are answered from the snapshot the core publishes after each batch: whole batches, never the loop's thread. */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class SnapshotReadsTest {

  @Test
  void reads_whileTheCoreLoopIsBlocked_areAnsweredWithoutWaitingForIt() throws Exception {
    try (CoreFixture f = new CoreFixture()) {
      NodeId node = f.node("n1", 8192);
      ApplicationAttemptId attempt = f.running("alice", "a");
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch blocked = new CountDownLatch(1);
      CompletableFuture<Void> blocker = f.core.onLoop(() -> {
        blocked.countDown();
        await(release);
        return null;
      });
      try {
        assertThat(blocked.await(10, TimeUnit.SECONDS)).as("the core loop ran the blocking command").isTrue();
        CompletableFuture<ApplicationId> queuedWrite = f.core.newApplication();

        AppReport report = f.core.report(attempt.applicationId()).get(5, TimeUnit.SECONDS);
        assertThat(report.usedContainers()).isEqualTo(1);
        assertThat(f.core.applications(AppFilter.all()).get(5, TimeUnit.SECONDS)).hasSize(1);
        assertThat(f.core.nodes(Set.of()).get(5, TimeUnit.SECONDS)).extracting(r -> r.nodeId()).containsExactly(node);
        assertThat(f.core.attempts(attempt.applicationId()).get(5, TimeUnit.SECONDS)).hasSize(1);
        assertThat(f.core.containers(attempt).get(5, TimeUnit.SECONDS)).hasSize(1);
        assertThat(f.core.queue("a", false).get(5, TimeUnit.SECONDS).used()).isEqualTo(Resource.of(1024, 1));
        ClusterMetricsView metrics = f.core.metrics().get(5, TimeUnit.SECONDS);
        assertThat(metrics.containersAllocated()).isEqualTo(1);
        assertThat(metrics.coreQueueSize()).as("the write queued behind the blocked command").isEqualTo(1);
        assertThat(f.core.appUsage().get(5, TimeUnit.SECONDS)).containsKey(attempt.applicationId());
        assertThat(f.core.resourceSeconds().get(5, TimeUnit.SECONDS)).containsKey(attempt.applicationId());

        assertThat(queuedWrite).as("a write still waits for the loop").isNotDone();
      } finally {
        release.countDown();
      }
      blocker.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBatchOfChanges_isSeenWhole_neverHalfApplied() throws Exception {
    try (CoreFixture f = new CoreFixture()) {
      NodeId n1 = f.node("n1", 16384);
      NodeId n2 = f.node("n2", 16384);
      List<ApplicationAttemptId> attempts = List.of(f.running("alice", "a"), f.running("bob", "b"),
          f.running("carol", "a"));
      List<List<Allocation>> held = new ArrayList<>();
      for (ApplicationAttemptId attempt : attempts) {
        held.add(f.allocate(attempt, 3, List.of()));
      }
      assertThat(held).allSatisfy(granted -> assertThat(granted).hasSize(3));
      Totals totalsBefore = Totals.of(f.core.snapshot());

      // A look between two commands of a batch: which snapshot a reader gets, and what it says.
      record Look(long batch, int firstAppHolds, long nodesUsedMb) {}
      List<Look> looks = new ArrayList<>();
      f.core.betweenCommands(() -> looks.add(new Look(f.core.snapshot().batch(),
          f.core.report(attempts.get(0).applicationId()).join().usedContainers(),
          f.core.metrics().join().allocated().memoryMb()))).join();

      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch blocked = new CountDownLatch(1);
      CompletableFuture<Void> blocker = f.core.onLoop(() -> {
        blocked.countDown();
        await(release);
        return null;
      });
      assertThat(blocked.await(10, TimeUnit.SECONDS)).as("the core loop ran the blocking command").isTrue();
      // Queued while the loop is blocked, so taken together as one batch: the first app releases two
      // containers, the second asks for two more (asks are what is still wanted, so the earlier ones,
      // all granted, are 0 now), a node reports one of the third's containers done.
      CompletableFuture<AllocateResult> releasing = f.core.allocate(f.call(attempts.get(0), 0,
          List.of(held.get(0).get(0).containerId(), held.get(0).get(1).containerId())), Duration.ZERO);
      CompletableFuture<AllocateResult> asking = f.core.allocate(f.call(attempts.get(1), 2, List.of()), Duration.ZERO);
      Allocation done = held.get(2).get(0);
      CompletableFuture<HeartbeatAnswer> heartbeat = f.core.heartbeat(new NodeHeartbeat(done.nodeId(), 0,
          List.of(new NodeHeartbeat.Reported(done.containerId(), true, 0, "done")), true, ""));
      release.countDown();
      CompletableFuture.allOf(blocker, releasing, asking, heartbeat).get(10, TimeUnit.SECONDS);
      f.core.betweenCommands(null).join();

      CoreSnapshot after = f.core.snapshot();
      Look last = looks.get(looks.size() - 1);
      assertThat(looks).as("looks between commands, the last ones inside the batch of changes").hasSizeGreaterThan(4)
          .allSatisfy(look -> {
            assertThat(look.firstAppHolds()).isEqualTo(4);
            assertThat(look.nodesUsedMb()).isEqualTo(totalsBefore.nodesUsedMb());
            assertThat(look.batch()).isLessThan(after.batch());
          });
      assertThat(looks.subList(looks.size() - 3, looks.size())).as("the looks after each of the three commands")
          .extracting(Look::batch).containsOnly(last.batch());
      assertThat(f.core.report(attempts.get(0).applicationId()).join().usedContainers()).isEqualTo(2);
      Totals totalsAfter = Totals.of(after);
      assertThat(totalsAfter.consistent()).as("after the batch: %s", totalsAfter).isTrue();
      assertThat(totalsBefore.consistent()).as("before the batch: %s", totalsBefore).isTrue();
      // 2 released, 1 completed, 2 granted
      assertThat(totalsAfter.liveContainers()).isEqualTo(totalsBefore.liveContainers() - 3 + 2);
      assertThat(releasing.join().allocated()).isEmpty();
      assertThat(asking.join().allocated()).as("granted by the batch's pass").hasSize(2);
      assertThat(n1).isNotEqualTo(n2);
    }
  }

  @Test
  void concurrentReaders_alwaysSeeNodesAppsQueuesAndContainersAddUp() throws Exception {
    try (CoreFixture f = new CoreFixture()) {
      List<NodeId> nodes = List.of(f.node("n1", 8192), f.node("n2", 8192), f.node("n3", 8192));
      List<ApplicationAttemptId> attempts = List.of(f.running("alice", "a"), f.running("bob", "b"),
          f.running("carol", "a"), f.running("dave", "b"));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger reads = new AtomicInteger();
      AtomicReference<String> broken = new AtomicReference<>();
      Thread reader = new Thread(() -> {
        while (!stop.get() && broken.get() == null) {
          Totals totals = Totals.of(f.core.snapshot());
          if (!totals.consistent()) {
            broken.set(totals.toString());
          }
          reads.incrementAndGet();
        }
      }, "snapshot-reader");
      reader.start();
      Random random = new Random(17);
      List<List<Allocation>> held = new ArrayList<>();
      attempts.forEach(a -> held.add(new ArrayList<>()));
      try {
        for (int round = 0; round < 300 && broken.get() == null; round++) {
          int i = random.nextInt(attempts.size());
          List<Allocation> mine = held.get(i);
          List<ContainerId> releases = new ArrayList<>();
          while (!mine.isEmpty() && random.nextInt(3) == 0) {
            releases.add(mine.remove(random.nextInt(mine.size())).containerId());
          }
          if (!mine.isEmpty() && random.nextInt(4) == 0) {
            Allocation gone = mine.remove(0);
            f.complete(gone.nodeId(), gone.containerId());
          }
          mine.addAll(f.allocate(attempts.get(i), random.nextInt(4), releases));
        }
      } finally {
        stop.set(true);
        reader.join(10_000);
      }
      assertThat(broken.get()).as("a snapshot whose parts do not add up").isNull();
      assertThat(reads.get()).isPositive();
      assertThat(Totals.of(f.core.snapshot()).consistent()).isTrue();
      assertThat(nodes).hasSize(3);
    }
  }

  /** What one snapshot says is held, counted four ways: they must agree. */
  record Totals(long nodesUsedMb, long appsUsedMb, long queuesUsedMb, long liveContainers) {
    static Totals of(CoreSnapshot s) {
      long[] nodes = {0};
      s.nodes().forEach(n -> nodes[0] += n.used().memoryMb());
      long[] apps = {0};
      s.apps().forEach((id, a) -> apps[0] += a.report().state().isFinal() ? 0 : a.report().usedResources().memoryMb());
      long queues = 0;
      for (String leaf : s.queueUsage().leaves()) {
        queues += s.queueUsage().used(leaf).memoryMb();
      }
      long[] live = {0};
      s.containers().forEach((id, c) -> live[0] += c.view().state().isFinal() ? 0 : 1);
      return new Totals(nodes[0], apps[0], queues, live[0]);
    }

    boolean consistent() {
      return nodesUsedMb == appsUsedMb && appsUsedMb == queuesUsedMb
          && liveContainers * CoreFixture.CONTAINER_MB == nodesUsedMb;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the core loop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
