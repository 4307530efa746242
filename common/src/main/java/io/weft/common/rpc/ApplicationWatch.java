package io.weft.common.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.StatusRuntimeException;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationReport;
import io.weft.proto.WatchApplicationRequest;
import io.weft.proto.YarnApplicationState;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows one application through the RM's WatchApplication stream to its final state, and rides
 * through an RM that goes away: when the stream fails UNAVAILABLE (or ends early) it opens a new one
 * as the {@link RetryPolicy} says, and skips the report a new stream starts with when it only repeats
 * the state already delivered. Ends at a final state, when the policy gives up, or on an error the RM
 * answered (e.g. NOT_FOUND).
 */
public final class ApplicationWatch {
  private static final Set<YarnApplicationState> FINAL_STATES =
      Set.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);

  private final RetryingCalls calls;
  private final ApplicationId id;
  private final Consumer<ApplicationReport> onChange;
  private ApplicationReport delivered;
  private boolean heardSinceLastFailure;

  private ApplicationWatch(RetryingCalls calls, ApplicationId id, Consumer<ApplicationReport> onChange) {
    this.calls = requireNonNull(calls);
    this.id = requireNonNull(id);
    this.onChange = requireNonNull(onChange);
  }

  /** Hands each new report of {@code id} to {@code onChange}; returns the final one. Blocks the caller. */
  public static ApplicationReport follow(RetryingCalls calls, ApplicationId id, Consumer<ApplicationReport> onChange) {
    return new ApplicationWatch(calls, id, onChange).follow();
  }

  public static boolean isFinal(YarnApplicationState state) {
    return FINAL_STATES.contains(state);
  }

  private ApplicationReport follow() {
    String what = "watch " + id;
    RetryPolicy.Attempts attempts = calls.policy().start();
    while (true) {
      HostPort target = calls.target();
      try {
        ApplicationReport last = followOneStream();
        if (last != null) {
          return last;
        }
      } catch (StatusRuntimeException e) {
        if (heardSinceLastFailure) { // a new outage: it gets the whole max wait
          attempts = calls.policy().start();
          heardSinceLastFailure = false;
        }
        WeftException failure = RpcErrors.fromStatus(e, what + " at " + calls.outage().peer());
        Duration pause = attempts.pauseAfter(failure, what, calls.outage().peer());
        calls.outage().lost(failure, calls.policy().maxWait());
        RetryPolicy.sleep(pause);
        calls.beforeRetry(target, failure);
      }
    }
  }

  /** The final report; null when the stream ended early after delivering something; throws when it failed. */
  private ApplicationReport followOneStream() {
    Iterator<ApplicationReport> stream = ApplicationClientServiceGrpc.newBlockingStub(calls.channel())
        .watchApplication(WatchApplicationRequest.newBuilder().setApplicationId(id.toString()).build());
    boolean first = true;
    boolean progressed = false;
    while (stream.hasNext()) {
      ApplicationReport report = stream.next();
      heardSinceLastFailure = true;
      calls.outage().found();
      boolean repeat = first && delivered != null && delivered.getState() == report.getState();
      first = false;
      if (!repeat) {
        onChange.accept(report);
        progressed = true;
      }
      delivered = report;
      if (isFinal(report.getState())) {
        return report;
      }
    }
    if (progressed) {
      return null;
    }
    throw io.grpc.Status.UNAVAILABLE.withDescription("the watch of " + id + " ended before a final state")
        .asRuntimeException();
  }
}
