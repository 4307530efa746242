package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import java.time.Duration;
import java.util.List;

/**
 * One container wanted, as in YARN's {@code AMRMClient.ContainerRequest}: its size, its priority
 * (a lower number is served first among an application's asks), where it should run and whether
 * it may run elsewhere. Adding the same request N times asks for N containers.
 *
 * <p>{@code nodes} and {@code racks} are sent to the RM as host and rack asks beside the
 * {@code "*"} ask: the scheduler waits a bounded time for a named node, then a named rack, then
 * (with {@code relaxLocality}) takes any node. {@code allocationRequestId} tells asks of equal priority and size apart; the containers
 * granted for it carry the same id.
 *
 * <p>Two placement options apply to all the containers asked with one key (priority, size, allocation
 * request id), so the requests of a key must agree on them: a {@link Gang} places at least its
 * {@code minCount} of them at once or none, and the RM withdraws them (reported through
 * {@code onRequestsRejected}) if it cannot within the gang's timeout; {@code antiAffinity} puts each on
 * a node of its own while there are nodes that fit.
 *
 * <p>{@code nodeLabelExpression} names the node label (YARN's partition) the containers need, e.g. {@code gpu}:
 * they go only to nodes carrying it. Blank = the queue's {@code default-node-label-expression}, else nodes
 * without a label. The RM refuses a label that is not a cluster label or that the queue may not use.
 */
public record ContainerRequest(Resource capability, List<String> nodes, List<String> racks, int priority,
    boolean relaxLocality, long allocationRequestId, Gang gang, boolean antiAffinity, String nodeLabelExpression) {
  /**
   * All-or-nothing placement: at least {@code minCount} containers at once (fewer when fewer are still
   * wanted), or none; after {@code timeout} (zero = never) the RM gives up on them.
   */
  public record Gang(int minCount, Duration timeout) {
    /** No gang: containers are placed as capacity allows, one by one. */
    public static final Gang NONE = new Gang(0, Duration.ZERO);

    public Gang {
      requireNonNull(timeout, "timeout");
      if (minCount < 0) {
        throw WeftException.invalidArgument("gang size " + minCount + " must not be negative");
      }
      if (timeout.isNegative()) {
        throw WeftException.invalidArgument("gang timeout " + timeout + " must not be negative");
      }
    }
  }

  public ContainerRequest(Resource capability, List<String> nodes, List<String> racks, int priority,
      boolean relaxLocality, long allocationRequestId) {
    this(capability, nodes, racks, priority, relaxLocality, allocationRequestId, Gang.NONE, false);
  }

  public ContainerRequest(Resource capability, List<String> nodes, List<String> racks, int priority,
      boolean relaxLocality, long allocationRequestId, Gang gang, boolean antiAffinity) {
    this(capability, nodes, racks, priority, relaxLocality, allocationRequestId, gang, antiAffinity, "");
  }

  public ContainerRequest {
    requireNonNull(capability, "capability");
    nodeLabelExpression = nodeLabelExpression == null ? "" : nodeLabelExpression.strip();
    requireNonNull(gang, "gang");
    nodes = List.copyOf(nodes);
    racks = List.copyOf(racks);
    if (capability.memoryMb() <= 0 || capability.vcores() <= 0) {
      throw WeftException.invalidArgument("container request " + capability
          + " must have positive memory and vcores");
    }
    if (priority < 0) {
      throw WeftException.invalidArgument("container request priority " + priority + " must not be negative");
    }
    if (!relaxLocality && nodes.isEmpty() && racks.isEmpty()) {
      throw WeftException.invalidArgument("a container request that does not relax locality must name nodes or racks");
    }
  }

  /** This request placed as part of a gang of at least {@code minCount}, given up after {@code timeout}. */
  public ContainerRequest withGang(int minCount, Duration timeout) {
    return new ContainerRequest(capability, nodes, racks, priority, relaxLocality, allocationRequestId,
        new Gang(minCount, timeout), antiAffinity, nodeLabelExpression);
  }

  /** This request with its containers each on a node of its own when possible. */
  public ContainerRequest withAntiAffinity() {
    return new ContainerRequest(capability, nodes, racks, priority, relaxLocality, allocationRequestId, gang, true,
        nodeLabelExpression);
  }

  /** This request for nodes carrying {@code label} (YARN's node label expression; blank = none). */
  public ContainerRequest withNodeLabelExpression(String label) {
    return new ContainerRequest(capability, nodes, racks, priority, relaxLocality, allocationRequestId, gang,
        antiAffinity, label);
  }

  /** A container of {@code capability} at {@code priority}, on any node. */
  public static ContainerRequest anywhere(Resource capability, int priority) {
    return new ContainerRequest(capability, List.of(), List.of(), priority, true, 0);
  }
}
