package io.weft.am.rpc;

import static java.util.Objects.requireNonNull;

import io.weft.am.allocator.ContainerAsk;
import io.weft.am.client.AllocateResponse;
import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One AM's run of Allocate calls, as the public AM client ({@code AmRmClient}) and the executor
 * allocator both make them; the one place that keeps YARN's response-id rule and answers the RM's
 * orders:
 * <ul>
 *   <li>Every call carries the id of the last answer received. A call whose answer is lost (the RM
 *       unreachable, a deadline passed) is retried by {@link ResourceManagerClient} as it was, same id
 *       and same content, so the RM answers it again instead of acting twice, and containers granted in
 *       the lost answer arrive with the retry. A call that ends without an answer and without a retry
 *       (cancelled, or the retries gave up) is repeated as it was before anything new is sent. When its
 *       answer brings news (containers granted, containers ended), that answer is handed on alone, and
 *       the caller's changes wait for its next call: they were made without knowing of it.</li>
 *   <li>RESYNC (the RM restarted): {@link ResourceManagerClient} has registered again; ids start
 *       from 0, the caller re-sends every ask and the releases the RM never saw, in a call made at once.</li>
 *   <li>An attempt the RM does not know ends the run with NOT_FOUND saying so; SHUTDOWN is handed to
 *       the caller, and every later call fails saying the RM ordered the AM to stop.</li>
 * </ul>
 * Calls are made one at a time (YARN's rule needs it); thread-safe.
 */
public final class AllocateSession {
  private static final Logger LOG = LogManager.getLogger();
  /** Failures after which the RM may have acted on a call whose answer never came. */
  private static final Set<WeftException.Code> UNANSWERED = Set.of(WeftException.Code.CANCELLED,
      WeftException.Code.UNAVAILABLE, WeftException.Code.DEADLINE_EXCEEDED);
  /** RESYNC orders in a row that a single allocate follows before giving up. */
  private static final int MAX_RESYNCS = 3;

  /**
   * What the caller sends: asks (each the total still wanted for its key), releases, and nodes (ids
   * or host names) to add to and take off the application's blacklist.
   */
  public record Request(List<ContainerAsk> asks, List<ContainerId> releases, List<String> blacklistAdditions,
      List<String> blacklistRemovals) {
    public Request {
      asks = List.copyOf(asks);
      releases = List.copyOf(releases);
      blacklistAdditions = List.copyOf(blacklistAdditions);
      blacklistRemovals = List.copyOf(blacklistRemovals);
    }

    /** A request that leaves the blacklist as it is. */
    public Request(List<ContainerAsk> asks, List<ContainerId> releases) {
      this(asks, releases, List.of(), List.of());
    }
  }

  /** The caller's outstanding changes. Called on the thread making the Allocate. */
  public interface Outstanding {
    /** What to send now, taken out of the outstanding changes. */
    Request take();

    /** The RM did not act on {@code request}: send its asks and releases again. */
    void giveBack(Request request);

    /** The RM restarted and forgot every ask: send them all with the next call. */
    void resendAll();
  }

  private record Sent(int responseId, Request request, float progress) {}

  private final ResourceManagerClient rm;
  private final Outstanding outstanding;
  private int lastResponseId;
  /** A call that ended with no answer; the RM may have acted on it. */
  private Sent unanswered;
  private boolean shutDown;
  /** {@link #cancel} was called since the last call took the outstanding changes. */
  private volatile boolean cancelled;

  public AllocateSession(ResourceManagerClient rm, Outstanding outstanding) {
    this.rm = requireNonNull(rm);
    this.outstanding = requireNonNull(outstanding);
  }

  /**
   * Sends the outstanding changes and {@code progress} (0..1) and answers what is new; the RM may
   * hold the call up to {@code maxWait} when nothing is (long poll). Throws the RM's refusal, NOT_FOUND for an attempt
   * it does not know, UNAVAILABLE once the RM has been unreachable for the retry policy's max wait,
   * CANCELLED when {@link #cancel}led.
   */
  public synchronized AllocateResponse allocate(float progress, Duration maxWait) {
    if (shutDown) {
      throw WeftException.failedPrecondition("the ResourceManager ordered " + rm.attemptId()
          + " to shut down; it makes no more Allocate calls");
    }
    if (unanswered != null) {
      AllocateResponse repeated = handled(send(unanswered, Duration.ZERO), progress, Duration.ZERO, 0);
      // What the repeat brought back (say, a container granted to the call that was cancelled) goes to the
      // caller before anything new is asked, and without waiting out a long poll: the caller's changes were
      // made without knowing of it, and the RM would grant their asks again. They go with the next call.
      if (repeated.command() == AllocateResponse.Command.SHUTDOWN || carriesNews(repeated)) {
        return repeated;
      }
    }
    cancelled = false;
    return handled(send(new Sent(lastResponseId, outstanding.take(), progress), maxWait), progress, maxWait, 0);
  }

  private static boolean carriesNews(AllocateResponse response) {
    return !response.allocatedContainers().isEmpty() || !response.completedContainers().isEmpty()
        || !response.updatedNodes().isEmpty() || !response.rejectedRequests().isEmpty();
  }

  /**
   * Ends the call in flight, if any, with CANCELLED (the next {@link #allocate} repeats it first), and
   * keeps a call about to start from waiting in the RM: something new is to be sent.
   */
  public void cancel() {
    cancelled = true;
    rm.cancelPendingAllocates();
  }

  private AllocateResponse handled(AllocateResponse answer, float progress, Duration maxWait, int resyncs) {
    switch (answer.command()) {
      case SHUTDOWN -> {
        shutDown = true;
        return answer;
      }
      case RESYNC -> {
        if (resyncs == MAX_RESYNCS) {
          throw WeftException.failedPrecondition("the ResourceManager ordered " + rm.attemptId() + " to resync "
              + MAX_RESYNCS + " times in a row, each time right after it registered again");
        }
        LOG.info("{} registered again after a ResourceManager restart; re-sending every ask", rm.attemptId());
        lastResponseId = 0;
        outstanding.resendAll();
        return handled(send(new Sent(0, outstanding.take(), progress), maxWait), progress, maxWait, resyncs + 1);
      }
      default -> {
        return answer;
      }
    }
  }

  /** One call; a RESYNC answer or a refusal gives its content back, a call with no answer is kept to repeat. */
  private AllocateResponse send(Sent sent, Duration maxWait) {
    Request request = sent.request();
    AllocateResponse answer;
    try {
      answer = rm.allocate(sent.responseId(), request.asks(), request.releases(), sent.progress(),
          () -> cancelled ? Duration.ZERO : maxWait, request.blacklistAdditions(), request.blacklistRemovals());
    } catch (WeftException e) {
      if (UNANSWERED.contains(e.code())) {
        unanswered = sent;
      } else {
        unanswered = null;
        outstanding.giveBack(request);
      }
      if (e.code() == WeftException.Code.NOT_FOUND && isAboutThisAttempt(e)) {
        throw WeftException.notFound("the ResourceManager does not know attempt " + rm.attemptId()
            + " (its application ended or was never there), so its ApplicationMaster stops: " + e.getMessage());
      }
      throw e;
    }
    unanswered = null;
    if (answer.command() == AllocateResponse.Command.RESYNC) {
      outstanding.giveBack(request); // the restarted RM acted on nothing of it
    } else if (answer.command() == AllocateResponse.Command.NONE) {
      lastResponseId = answer.responseId();
    }
    return answer;
  }

  /** The RM's NOT_FOUND names this attempt or its application (not, say, a container released by mistake). */
  private boolean isAboutThisAttempt(WeftException notFound) {
    String message = String.valueOf(notFound.getMessage());
    return message.contains(rm.attemptId() + " is not known")
        || message.contains(rm.attemptId().applicationId() + " is not known");
  }
}
