package io.weft.rm.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.resource.Resource;
import io.weft.rm.app.ContainerUsage.Preemption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContainerUsageTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final Resource GB = Resource.of(1024, 1);

  @Test
  void liveContainersCountUpToTheInstantAsked() {
    ContainerUsage usage = ContainerUsage.since(T0).started(GB, T0.plusSeconds(5)).started(GB.multiply(2), T0.plusSeconds(10));

    assertThat(usage.memorySecondsAt(T0.plusSeconds(20))).isEqualTo(1024 * 15 + 2048 * 10);
    assertThat(usage.vcoreSecondsAt(T0.plusSeconds(20))).isEqualTo(15 + 2 * 10);
    assertThat(usage.memorySecondsAt(T0.plusSeconds(30))).isEqualTo(1024 * 25 + 2048 * 20);
  }

  @Test
  void anEndedContainerStopsCountingAndOnlyPreemptedOnesCountAsPreempted() {
    ContainerUsage usage = ContainerUsage.since(T0)
        .started(GB, T0).started(GB, T0).started(GB.multiply(4), T0)
        .ended(GB, T0, T0.plusSeconds(10), Preemption.NONE)
        .ended(GB, T0, T0.plusSeconds(20), Preemption.AM_CONTAINER)
        .ended(GB.multiply(4), T0, T0.plusSeconds(30), Preemption.OTHER_CONTAINER);

    assertThat(usage.memorySecondsAt(T0.plusSeconds(100))).isEqualTo(1024 * (10 + 20 + 4 * 30));
    assertThat(usage.preemptedMemorySeconds()).isEqualTo(1024 * (20 + 4 * 30));
    assertThat(usage.preemptedVcoreSeconds()).isEqualTo(20 + 4 * 30);
    assertThat(usage.preempted()).isEqualTo(GB.multiply(5));
    assertThat(usage.amContainersPreempted()).isEqualTo(1);
    assertThat(usage.otherContainersPreempted()).isEqualTo(1);
    assertThat(usage.liveMemoryMb()).isZero();
  }

  @Test
  void aContainerStartedBeforeTheOriginOrAnInstantBeforeItsStartCountNothingNegative() {
    ContainerUsage usage = ContainerUsage.since(T0).started(GB, T0.plusSeconds(60));

    assertThat(usage.memorySecondsAt(T0.plusSeconds(30))).isZero();
    assertThat(usage.ended(GB, T0.plusSeconds(60), T0.plusSeconds(50), Preemption.NONE).memorySecondsAt(T0))
        .isZero();
  }

  /** Against the sum over every container, as a walk over the container records would compute it. */
  @Test
  void matchesTheSumOverEveryContainerForARandomHistory() {
    Random random = new Random(17);
    record Held(Resource resource, Instant start) { }
    List<Held> live = new ArrayList<>();
    double endedSeconds = 0;
    ContainerUsage usage = ContainerUsage.since(T0);
    Instant now = T0;
    for (int step = 0; step < 5_000; step++) {
      now = now.plusMillis(random.nextInt(2_000));
      if (live.isEmpty() || random.nextBoolean()) {
        Held h = new Held(Resource.of(128L * (1 + random.nextInt(64)), 1 + random.nextInt(8)), now);
        live.add(h);
        usage = usage.started(h.resource(), h.start());
      } else {
        Held h = live.remove(random.nextInt(live.size()));
        endedSeconds += Math.round(h.resource().memoryMb() * (now.toEpochMilli() - h.start().toEpochMilli()) / 1000.0);
        usage = usage.ended(h.resource(), h.start(), now, Preemption.NONE);
      }
    }
    Instant at = now.plusSeconds(7);
    double liveSeconds = 0;
    for (Held h : live) {
      liveSeconds += h.resource().memoryMb() * (at.toEpochMilli() - h.start().toEpochMilli()) / 1000.0;
    }
    assertThat(usage.memorySecondsAt(at)).isEqualTo(Math.round(endedSeconds + liveSeconds));
  }
}
