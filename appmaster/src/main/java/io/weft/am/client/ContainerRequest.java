package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import java.util.List;

/**
 * One container wanted, as in YARN's {@code AMRMClient.ContainerRequest}: its size, its priority
 * (a lower number is served first among an application's asks), where it should run and whether
 * it may run elsewhere. Adding the same request N times asks for N containers.
 *
 * <p>{@code nodes} and {@code racks} are sent to the RM as host and rack asks beside the
 * {@code "*"} ask; Weft's schedulers currently place every container on any node that fits, so they
 * are hints. {@code allocationRequestId} tells asks of equal priority and size apart; the containers
 * granted for it carry the same id.
 */
public record ContainerRequest(Resource capability, List<String> nodes, List<String> racks, int priority,
    boolean relaxLocality, long allocationRequestId) {
  public ContainerRequest {
    requireNonNull(capability, "capability");
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

  /** A container of {@code capability} at {@code priority}, on any node. */
  public static ContainerRequest anywhere(Resource capability, int priority) {
    return new ContainerRequest(capability, List.of(), List.of(), priority, true, 0);
  }
}
