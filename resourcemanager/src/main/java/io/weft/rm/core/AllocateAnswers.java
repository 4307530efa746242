package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.rpc.WeftException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Each registered attempt's last Allocate answer with its response id (YARN's {@code lastResponse}),
 * so that Allocate is idempotent. A call carries the id of the last answer its AM received: the same
 * id as the last answer here is a new call; one less is a repeat of the last call, whose answer was
 * lost on the way (a timeout, a dropped connection), and it gets that answer again, with nothing
 * applied twice; any other id is refused. Containers granted in an answer the AM never received are
 * so delivered by its retry instead of being lost. An answer may still be pending (a long poll waiting
 * for news); a repeat then waits for the same answer. Confined to the core loop.
 */
final class AllocateAnswers {
  /** The answer with {@code responseId}; {@code result} completes when it is built. */
  record Answer(int responseId, CompletableFuture<AllocateResult> result) {
    Answer {
      requireNonNull(result);
    }

    boolean isBuilt() {
      return result.isDone();
    }
  }

  /** What an attempt has before its first call: no answer, and 0 the id its first call carries. */
  private static final Answer NONE = new Answer(0, CompletableFuture.failedFuture(
      new IllegalStateException("no Allocate answered yet")));

  private final Map<ApplicationAttemptId, Answer> last = new HashMap<>();

  /**
   * The last answer when {@code requestResponseId} repeats the last call; empty for a new call.
   * Refuses an id that is neither, naming both.
   */
  Optional<Answer> repeatedBy(ApplicationAttemptId attempt, int requestResponseId) {
    Answer answer = last.getOrDefault(attempt, NONE);
    if (answer != NONE && next(requestResponseId) == answer.responseId()) {
      return Optional.of(answer);
    }
    if (requestResponseId != answer.responseId()) {
      String repeat = answer == NONE ? " (its first call since registering)"
          : " (or " + (answer.responseId() == 0 ? Integer.MAX_VALUE : answer.responseId() - 1)
              + " to repeat the last call)";
      throw WeftException.failedPrecondition("Invalid responseId in AllocateRequest from application attempt "
          + attempt + ": expected responseId " + answer.responseId() + repeat + ", got " + requestResponseId);
    }
    return Optional.empty();
  }

  /** Opens the answer to a new call of {@code attempt}, numbered one after the last; built later. */
  Answer open(ApplicationAttemptId attempt) {
    Answer answer = new Answer(next(last.getOrDefault(attempt, NONE).responseId()), new CompletableFuture<>());
    last.put(attempt, answer);
    return answer;
  }

  /**
   * Drops what {@code attempt} was answered: when it registers (its calls count from 0 again, as
   * after an RM restart) and when its application ends (it is answered SHUTDOWN from then on).
   */
  void forget(ApplicationAttemptId attempt) {
    last.remove(attempt);
  }

  /**
   * Ends every answer still open (a long poll waiting for news) with {@code failure}: the core stops
   * (the RM steps down to standby or shuts down), and the AMs waiting on it must hear so now, to retry
   * where the active RM is, not when their call's deadline passes.
   */
  void failOpen(RuntimeException failure) {
    last.values().forEach(answer -> answer.result().completeExceptionally(failure));
  }

  /** YARN's {@code getNextResponseId}: ids run from 0 to {@link Integer#MAX_VALUE} and wrap to 0. */
  static int next(int responseId) {
    return (responseId + 1) & Integer.MAX_VALUE;
  }
}
