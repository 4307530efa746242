package io.weft.driver.status;

import java.util.List;

/**
 * Hears {@link DriverEvent}s. Called on the scheduler's and job runner's threads, sometimes under
 * the scheduler's lock: implementations must be quick and must not call back into the scheduler.
 */
@FunctionalInterface
public interface DriverListener {
  DriverListener NONE = event -> { };

  void onEvent(DriverEvent event);

  /** Tells each of {@code listeners}, in order. */
  static DriverListener all(DriverListener... listeners) {
    List<DriverListener> each = List.of(listeners);
    return event -> each.forEach(l -> l.onEvent(event));
  }
}
