package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.ContainerState;
import io.weft.rm.container.ContainerView;
import io.weft.rm.core.CoreSnapshot.Container;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The snapshot's containers, filed by attempt, read as one map in id order, and each version stays as it was. */
class SnapshotContainersTest {
  private static final ApplicationAttemptId FIRST = attempt(1, 1);
  private static final ApplicationAttemptId RETRY = attempt(1, 2);
  private static final ApplicationAttemptId OTHER = attempt(2, 1);

  @Test
  void changesAcrossAttempts_readBackInIdOrder_andByAttempt() {
    Map<ContainerId, Container> now = new HashMap<>();
    List<ContainerId> changed = new ArrayList<>();
    for (ApplicationAttemptId attempt : List.of(OTHER, RETRY, FIRST)) {
      for (long n = 3; n >= 1; n--) {
        ContainerId id = new ContainerId(attempt, n);
        now.put(id, record(id, ContainerState.RUNNING));
        changed.add(id);
      }
    }

    SnapshotContainers containers = SnapshotContainers.empty().with(changed, now::get);

    assertThat(ids(containers)).containsExactly(new ContainerId(FIRST, 1), new ContainerId(FIRST, 2),
        new ContainerId(FIRST, 3), new ContainerId(RETRY, 1), new ContainerId(RETRY, 2), new ContainerId(RETRY, 3),
        new ContainerId(OTHER, 1), new ContainerId(OTHER, 2), new ContainerId(OTHER, 3));
    List<ContainerId> ofRetry = new ArrayList<>();
    containers.forEachOf(RETRY, (id, c) -> ofRetry.add(id));
    assertThat(ofRetry).containsExactly(new ContainerId(RETRY, 1), new ContainerId(RETRY, 2),
        new ContainerId(RETRY, 3));
    assertThat(containers.size()).isEqualTo(9);
  }

  @Test
  void aContainerNoLongerKept_leaves_andAnAttemptLeftWithNone_isNotListed() {
    ContainerId only = new ContainerId(OTHER, 1);
    ContainerId kept = new ContainerId(FIRST, 1);
    SnapshotContainers before = SnapshotContainers.empty().with(List.of(only, kept),
        id -> record(id, ContainerState.RUNNING));

    SnapshotContainers after = before.with(List.of(only), id -> null);

    assertThat(ids(after)).containsExactly(kept);
    assertThat(after.size()).isEqualTo(1);
    List<ContainerId> ofOther = new ArrayList<>();
    after.forEachOf(OTHER, (id, c) -> ofOther.add(id));
    assertThat(ofOther).isEmpty();
    assertThat(ids(before)).as("the earlier version").containsExactly(kept, only);
  }

  /** Random puts and removes over many versions agree with a sorted map, and no version changes after the fact. */
  @Test
  void everyVersion_agreesWithASortedMap_andStaysAsItWas() {
    Random random = new Random(17);
    List<ApplicationAttemptId> attempts = List.of(FIRST, RETRY, OTHER, attempt(3, 1));
    TreeMap<ContainerId, ContainerState> model = new TreeMap<>();
    SnapshotContainers containers = SnapshotContainers.empty();
    List<SnapshotContainers> versions = new ArrayList<>();
    List<Map<ContainerId, ContainerState>> expected = new ArrayList<>();
    for (int batch = 0; batch < 200; batch++) {
      Map<ContainerId, Container> now = new HashMap<>();
      List<ContainerId> changed = new ArrayList<>();
      for (int i = random.nextInt(8); i >= 0; i--) {
        ContainerId id = new ContainerId(attempts.get(random.nextInt(attempts.size())), 1 + random.nextInt(40));
        changed.add(id);
        if (random.nextInt(3) == 0) {
          model.remove(id);
          now.put(id, null);
        } else {
          ContainerState state = ContainerState.values()[random.nextInt(ContainerState.values().length)];
          model.put(id, state);
          now.put(id, record(id, state));
        }
      }
      containers = containers.with(changed, now::get);
      versions.add(containers);
      expected.add(new TreeMap<>(model));
    }
    for (int v = 0; v < versions.size(); v++) {
      Map<ContainerId, ContainerState> read = new LinkedHashMap<>();
      versions.get(v).forEach((id, c) -> read.put(id, c.view().state()));
      assertThat(read).as("version %d", v).containsExactlyEntriesOf(expected.get(v));
      assertThat(versions.get(v).size()).isEqualTo(expected.get(v).size());
    }
  }

  private static List<ContainerId> ids(SnapshotContainers containers) {
    List<ContainerId> out = new ArrayList<>();
    containers.forEach((id, c) -> out.add(id));
    return out;
  }

  private static ApplicationAttemptId attempt(int app, int attempt) {
    return new ApplicationAttemptId(new ApplicationId(1_700_000_000_000L, app), attempt);
  }

  private static Container record(ContainerId id, ContainerState state) {
    Allocation allocation = new Allocation(id, new NodeId("host-1", 8041), "host-1:8042", Resource.of(1024, 1), 1,
        0, "alice");
    return new Container(new ContainerView(allocation, state, 0, "", Instant.EPOCH, null), false);
  }
}
