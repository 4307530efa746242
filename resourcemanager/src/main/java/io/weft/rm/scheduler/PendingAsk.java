package io.weft.rm.scheduler;

/** {@code count} containers of {@code key.capability()} still wanted. */
public record PendingAsk(AskKey key, int count, boolean amContainer) {
  public PendingAsk {
    if (count < 0) {
      throw new IllegalArgumentException("negative ask count " + count);
    }
  }
}
