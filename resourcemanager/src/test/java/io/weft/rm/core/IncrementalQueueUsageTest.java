package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.NodeId;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.FinalStatus;
import io.weft.rm.container.Allocation;
import io.weft.rm.queue.QueueUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The queue usage the core keeps up to date application by application equals the usage summed
 * afresh over every application, after every step of seeded random sequences of submissions, asks,
 * releases, completions, moves, kills and unregistrations (a property, checked by a seeded loop).
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class IncrementalQueueUsageTest {
  private static final List<String> USERS = List.of("alice", "bob", "carol");
  private static final List<String> QUEUES = List.of("a", "b");

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void keptUsage_equalsAFullRecount_afterEveryEvent(long seed) {
    Random random = new Random(seed);
    try (CoreFixture f = new CoreFixture()) {
      List<NodeId> nodes = List.of(f.node("n1", 8192), f.node("n2", 8192), f.node("n3", 4096));
      List<ApplicationId> apps = new ArrayList<>();
      Map<ApplicationId, List<Allocation>> held = new HashMap<>();
      Set<ApplicationAttemptId> registered = new HashSet<>();
      for (int step = 0; step < 120; step++) {
        String event = step(f, random, nodes, apps, held, registered);
        var usages = f.core.queueUsages().join();
        assertSame(usages.getKey(), usages.getValue(), "seed " + seed + " step " + step + " (" + event + ")");
      }
    }
  }

  private static String step(CoreFixture f, Random random, List<NodeId> nodes, List<ApplicationId> apps,
      Map<ApplicationId, List<Allocation>> held, Set<ApplicationAttemptId> registered) {
    int kind = apps.isEmpty() ? 0 : random.nextInt(8);
    if (kind == 0 || apps.size() < 2) {
      ApplicationId id = f.submit(USERS.get(random.nextInt(USERS.size())), QUEUES.get(random.nextInt(2)));
      apps.add(id);
      held.put(id, new ArrayList<>());
      return "submit " + id;
    }
    ApplicationId id = apps.get(random.nextInt(apps.size()));
    AppReport report = f.core.report(id).join();
    if (report.state().isFinal() || report.state() == io.weft.rm.app.AppState.FINISHING
        || report.state() == io.weft.rm.app.AppState.FINAL_SAVING) {
      return "nothing for ending " + id;
    }
    ApplicationAttemptId attempt = report.currentAttempt();
    if (!registered.contains(attempt)) {
      if (report.amContainer() == null) {
        f.clock.advance(Duration.ofMillis(10));
        f.core.tick().join();
        return "tick while " + id + " waits for its AM";
      }
      f.core.registerAm(attempt, "localhost", 0, "").join();
      registered.add(attempt);
      return "register " + attempt;
    }
    List<Allocation> mine = held.get(id);
    switch (kind) {
      case 1, 2, 3 -> {
        List<io.weft.common.id.ContainerId> releases = new ArrayList<>();
        if (!mine.isEmpty() && random.nextBoolean()) {
          releases.add(mine.remove(random.nextInt(mine.size())).containerId());
        }
        mine.addAll(f.allocate(attempt, random.nextInt(5), releases));
        return "allocate for " + attempt + " releasing " + releases;
      }
      case 4 -> {
        if (mine.isEmpty()) {
          return "nothing to complete for " + id;
        }
        Allocation done = mine.remove(0);
        f.complete(done.nodeId(), done.containerId());
        return "complete " + done.containerId();
      }
      case 5 -> {
        String to = report.queue().equals("a") ? "b" : "a";
        f.core.moveApplication(id, to, report.user()).join();
        return "move " + id + " to " + to;
      }
      case 6 -> {
        f.core.kill(id, "killed by the test", report.user()).join();
        return "kill " + id;
      }
      default -> {
        f.core.finishAm(attempt, FinalStatus.SUCCEEDED, "", "").join();
        f.complete(report.amNode(), report.amContainer());
        return "unregister " + attempt + " and its AM container exits";
      }
    }
  }

  private static void assertSame(QueueUsage kept, QueueUsage recounted, String after) {
    assertThat(kept.leaves()).as("leaves after %s", after).isEqualTo(recounted.leaves());
    for (String leaf : recounted.leaves()) {
      assertThat(kept.users(leaf)).as("users of %s after %s", leaf, after).isEqualTo(recounted.users(leaf));
    }
  }
}
