package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.ContainerEvent;
import io.weft.rm.container.ContainerState;
import io.weft.rm.container.RmContainer;
import io.weft.rm.core.SnapshotContainers.Change;
import java.time.Instant;
import java.util.ArrayList;
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
    List<Change> changes = new ArrayList<>();
    for (ApplicationAttemptId attempt : List.of(OTHER, RETRY, FIRST)) {
      for (long n = 3; n >= 1; n--) {
        changes.add(kept(new ContainerId(attempt, n), ContainerState.RUNNING));
      }
    }

    SnapshotContainers containers = SnapshotContainers.empty().with(changes);

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
    SnapshotContainers before = SnapshotContainers.empty().with(List.of(kept(only, ContainerState.RUNNING),
        kept(kept, ContainerState.RUNNING)));

    SnapshotContainers after = before.with(List.of(new Change(only, null)));

    assertThat(ids(after)).containsExactly(kept);
    assertThat(after.size()).isEqualTo(1);
    List<ContainerId> ofOther = new ArrayList<>();
    after.forEachOf(OTHER, (id, c) -> ofOther.add(id));
    assertThat(ofOther).isEmpty();
    assertThat(ids(before)).as("the earlier version").containsExactly(kept, only);
  }

  /** A container changed and then no longer kept in one batch is gone; one kept again under its id is back. */
  @Test
  void changesApplyInTheirOrder() {
    ContainerId id = new ContainerId(FIRST, 1);
    SnapshotContainers gone = SnapshotContainers.empty().with(List.of(kept(id, ContainerState.RUNNING),
        new Change(id, null)));
    SnapshotContainers back = gone.with(List.of(kept(id, ContainerState.RUNNING), new Change(id, null),
        kept(id, ContainerState.COMPLETED)));

    assertThat(ids(gone)).isEmpty();
    assertThat(gone.size()).isZero();
    List<ContainerState> states = new ArrayList<>();
    back.forEach((c, record) -> states.add(record.view().state()));
    assertThat(states).containsExactly(ContainerState.COMPLETED);
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
      List<Change> changes = new ArrayList<>();
      for (int i = random.nextInt(8); i >= 0; i--) {
        ContainerId id = new ContainerId(attempts.get(random.nextInt(attempts.size())), 1 + random.nextInt(40));
        if (random.nextInt(3) == 0) {
          model.remove(id);
          changes.add(new Change(id, null));
        } else {
          ContainerState state = ContainerState.values()[random.nextInt(ContainerState.values().length)];
          model.put(id, state);
          changes.add(kept(id, state));
        }
      }
      containers = containers.with(changes);
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

  /** Container {@code id} kept, in {@code state} (reached through the container's lifecycle, as the core does). */
  private static Change kept(ContainerId id, ContainerState state) {
    Allocation allocation = new Allocation(id, new NodeId("host-1", 8041), "host-1:8042", Resource.of(1024, 1), 1,
        0, "alice");
    RmContainer container = new RmContainer(allocation, false, Instant.EPOCH, c -> { });
    if (state != ContainerState.NEW) {
      container.handle(new ContainerEvent.Allocated());
    }
    switch (state) {
      case NEW, ALLOCATED -> { }
      case ACQUIRED -> container.handle(new ContainerEvent.Acquired());
      case RUNNING -> container.handle(new ContainerEvent.Started());
      case COMPLETED -> container.handle(new ContainerEvent.Finished());
      case EXPIRED -> container.handle(new ContainerEvent.Expired());
      case RELEASED -> container.handle(new ContainerEvent.Released());
      case KILLED -> container.handle(new ContainerEvent.Killed());
      default -> throw new IllegalArgumentException("no way to " + state);
    }
    assertThat(container.state()).isEqualTo(state);
    return new Change(id, container);
  }
}
