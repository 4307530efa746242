package io.weft.rm.core;

import java.util.concurrent.CompletableFuture;

/** An allocate call either answers now or, for a long poll with nothing new, waits for news. */
public sealed interface AllocateOutcome {
  record Ready(AllocateResult result) implements AllocateOutcome {}

  /** Completes at the next allocation or completion for the attempt; then ask again. */
  record Waiting(CompletableFuture<Void> news) implements AllocateOutcome {}
}
