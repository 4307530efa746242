package io.weft.rm.core;

import java.util.concurrent.CompletableFuture;

/** An allocate call either answers now or, for a long poll with nothing new, waits for news. */
sealed interface AllocateOutcome {
  record Ready(AllocateResult result) implements AllocateOutcome {}

  /**
   * {@code news} completes at the next allocation or completion for the attempt (or when it ends);
   * then, or at the end of the wait, {@link AmProtocol#build} builds {@code answer}.
   */
  record Waiting(CompletableFuture<Void> news, AllocateAnswers.Answer answer) implements AllocateOutcome {}
}
