package io.weft.driver;

import io.weft.common.id.HostPort;
import io.weft.driver.executor.Executor;
import io.weft.driver.scheduler.TaskScheduler;
import java.util.Optional;

/**
 * Tells a wrong driver address from an unlucky executor: when an executor could not connect to the
 * driver at all and no executor is connected, waiting for more executors only repeats the failure,
 * so the driver stops at once with an error that names the address.
 */
public final class UnreachableDriver {
  private UnreachableDriver() {}

  /** The error to stop with when executor {@code executorId}'s end shows the driver is unreachable. */
  public static Optional<String> diagnose(String executorId, int exitStatus, String reason, HostPort advertised,
      TaskScheduler scheduler) {
    if (exitStatus != Executor.EXIT_DRIVER_UNREACHABLE || !scheduler.executorIds().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("executor " + executorId + " could not connect to the driver at " + advertised + " (" + reason
        + ") and no executor has reached it: set " + DriverKeys.DRIVER_HOST.key() + " (and "
        + DriverKeys.DRIVER_PORT.key() + ") to an address the NodeManagers can reach");
  }
}
