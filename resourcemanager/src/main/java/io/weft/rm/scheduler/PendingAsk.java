package io.weft.rm.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * {@code count} containers of {@code key.capability()} still wanted.
 *
 * @param locality where they should go (delay scheduling measures its waits from {@code since})
 * @param gang all-or-nothing placement of the first {@code gang.minCount()}, or {@link Gang#NONE}
 * @param antiAffinity spread them over nodes that hold none of the attempt's containers of this ask
 * @param since when the ask was first made
 * @param partition the node label its containers need ("" = the default partition: nodes without a label)
 */
public record PendingAsk(AskKey key, int count, boolean amContainer, Locality locality, Gang gang,
    boolean antiAffinity, Instant since, String partition) {
  public PendingAsk {
    requireNonNull(key);
    requireNonNull(partition);
    requireNonNull(locality);
    requireNonNull(gang);
    requireNonNull(since);
    if (count < 0) {
      throw new IllegalArgumentException("negative ask count " + count);
    }
  }

  /** An ask for the default partition. */
  public PendingAsk(AskKey key, int count, boolean amContainer, Locality locality, Gang gang, boolean antiAffinity,
      Instant since) {
    this(key, count, amContainer, locality, gang, antiAffinity, since, NodeView.DEFAULT_PARTITION);
  }

  /** The same ask with {@code newCount} containers still wanted. */
  public PendingAsk withCount(int newCount) {
    return new PendingAsk(key, newCount, amContainer, locality, gang, antiAffinity, since, partition);
  }

  /** A plain ask: anywhere, one container at a time. */
  public PendingAsk(AskKey key, int count, boolean amContainer) {
    this(key, count, amContainer, Locality.ANY, Gang.NONE, false, Instant.EPOCH);
  }
}
