package io.weft.rm.app;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.time.Duration;
import java.time.Instant;

/**
 * What an application's containers have held over time (YARN's memorySeconds, vcoreSeconds and preemption
 * metrics), kept as each container starts and ends so that a report costs the same however many containers
 * the application ran: a listing of every application must not walk every container record the RM keeps.
 * Immutable: the core replaces it, and a snapshot shares it.
 *
 * <p>Live containers are summed as what they hold and when they started ({@code Σ held × start}), measured
 * in milliseconds from {@code origin} (the submission) so that the sums stay far from overflowing; their
 * seconds at any instant follow from that without visiting them.
 *
 * @param origin the instant start offsets count from
 * @param endedMemorySeconds MB·s of the containers that ended, each rounded as it ended
 * @param endedVcoreSeconds vcore·s of the containers that ended
 * @param liveMemoryMb what the live containers hold
 * @param liveVcores what the live containers hold
 * @param liveMemoryStartSum Σ MB × start offset (ms) over the live containers
 * @param liveVcoreStartSum Σ vcores × start offset (ms) over the live containers
 * @param preemptedMemorySeconds MB·s of the containers that were preempted
 * @param preemptedVcoreSeconds vcore·s of the containers that were preempted
 * @param preempted what the preempted containers held together
 * @param amContainersPreempted how many of its AM containers were preempted
 * @param otherContainersPreempted how many of its other containers were preempted
 */
public record ContainerUsage(Instant origin, long endedMemorySeconds, long endedVcoreSeconds, long liveMemoryMb,
    long liveVcores, long liveMemoryStartSum, long liveVcoreStartSum, long preemptedMemorySeconds,
    long preemptedVcoreSeconds, Resource preempted, int amContainersPreempted, int otherContainersPreempted) {
  public ContainerUsage {
    requireNonNull(origin);
    requireNonNull(preempted);
  }

  /** Nothing held yet, offsets counted from {@code origin}. */
  public static ContainerUsage since(Instant origin) {
    return new ContainerUsage(origin, 0, 0, 0, 0, 0, 0, 0, 0, Resource.NONE, 0, 0);
  }

  /** With a container holding {@code held} from {@code start}. */
  public ContainerUsage started(Resource held, Instant start) {
    long offset = offsetMs(start);
    return new ContainerUsage(origin, endedMemorySeconds, endedVcoreSeconds, liveMemoryMb + held.memoryMb(),
        liveVcores + held.vcores(), liveMemoryStartSum + held.memoryMb() * offset,
        liveVcoreStartSum + held.vcores() * offset, preemptedMemorySeconds, preemptedVcoreSeconds, preempted,
        amContainersPreempted, otherContainersPreempted);
  }

  /**
   * With the container that held {@code held} from {@code start} ended at {@code end}; {@code preemption}
   * says whether it was preempted and whether it was an AM's.
   */
  public ContainerUsage ended(Resource held, Instant start, Instant end, Preemption preemption) {
    long offset = offsetMs(start);
    double seconds = Math.max(0, Duration.between(start, end).toMillis()) / 1000.0;
    long memorySeconds = Math.round(held.memoryMb() * seconds);
    long vcoreSeconds = Math.round(held.vcores() * seconds);
    boolean wasPreempted = preemption != Preemption.NONE;
    return new ContainerUsage(origin, endedMemorySeconds + memorySeconds, endedVcoreSeconds + vcoreSeconds,
        liveMemoryMb - held.memoryMb(), liveVcores - held.vcores(), liveMemoryStartSum - held.memoryMb() * offset,
        liveVcoreStartSum - held.vcores() * offset,
        preemptedMemorySeconds + (wasPreempted ? memorySeconds : 0),
        preemptedVcoreSeconds + (wasPreempted ? vcoreSeconds : 0),
        wasPreempted ? preempted.add(held) : preempted,
        amContainersPreempted + (preemption == Preemption.AM_CONTAINER ? 1 : 0),
        otherContainersPreempted + (preemption == Preemption.OTHER_CONTAINER ? 1 : 0));
  }

  /** MB·s held up to {@code now}: the ended containers' and the live ones' so far. */
  public long memorySecondsAt(Instant now) {
    return endedMemorySeconds + liveSeconds(liveMemoryMb, liveMemoryStartSum, now);
  }

  /** vcore·s held up to {@code now}. */
  public long vcoreSecondsAt(Instant now) {
    return endedVcoreSeconds + liveSeconds(liveVcores, liveVcoreStartSum, now);
  }

  private long liveSeconds(long held, long startSum, Instant now) {
    return Math.max(0, Math.round((held * offsetMs(now) - startSum) / 1000.0));
  }

  private long offsetMs(Instant when) {
    return Duration.between(origin, when).toMillis();
  }

  /** Whether an ended container was preempted, and whose. */
  public enum Preemption {
    NONE, AM_CONTAINER, OTHER_CONTAINER
  }
}
