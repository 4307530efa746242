package io.weft.driver.status;

/**
 * Hears {@link DriverEvent}s. Called on the scheduler's and job runner's threads, sometimes under
 * the scheduler's lock: implementations must be quick and must not call back into the scheduler.
 */
@FunctionalInterface
public interface DriverListener {
  DriverListener NONE = event -> { };

  void onEvent(DriverEvent event);

  /** Tells this listener, then {@code next} (e.g. the UI's status store, then the event log). */
  default DriverListener andThen(DriverListener next) {
    java.util.Objects.requireNonNull(next);
    return event -> {
      onEvent(event);
      next.onEvent(event);
    };
  }
}
