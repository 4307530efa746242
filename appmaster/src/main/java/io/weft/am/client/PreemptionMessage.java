package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import java.time.Duration;
import java.util.Set;

/**
 * The RM's notice that it is taking containers back (YARN's {@code PreemptionMessage}): a queue below its
 * guarantee is waiting for room that this application holds beyond its own queue's. An AM that releases the
 * containers within {@code gracePeriod} chooses how their work ends (it can save it, or move it elsewhere); after
 * that the RM kills them, and they complete with exit status -102 (PREEMPTED). The RM repeats the notice in every
 * answer while the containers are still the AM's.
 *
 * @param strictContract containers the RM will kill once the grace period is over, unless released first
 * @param contract containers the RM would take, for which the AM may give back others of the same size instead
 *     (YARN's negotiable contract; Weft's RM asks with strict contracts only, so this is empty from it)
 * @param gracePeriod how long after the first notice the RM waits before it kills
 */
public record PreemptionMessage(Set<ContainerId> strictContract, Set<ContainerId> contract, Duration gracePeriod) {
  /** No container is being taken back. */
  public static final PreemptionMessage NONE = new PreemptionMessage(Set.of(), Set.of(), Duration.ZERO);

  public PreemptionMessage {
    strictContract = Set.copyOf(strictContract);
    contract = Set.copyOf(contract);
    requireNonNull(gracePeriod, "gracePeriod");
  }

  /** True when the RM is taking nothing back. */
  public boolean isEmpty() {
    return strictContract.isEmpty() && contract.isEmpty();
  }
}
