package io.weft.am.driver;

/** How the driver ended. */
public sealed interface DriverOutcome {
  /** The user's main returned. */
  record Succeeded() implements DriverOutcome {}

  /** {@code diagnostics} say why, for the application report. */
  record Failed(String diagnostics) implements DriverOutcome {}

  /**
   * The context stopped itself because the driver was idle (weft.driver.idleTimeout), whatever the
   * user's main does afterwards: the application succeeded, with {@code diagnostics} saying so.
   */
  record StoppedIdle(String diagnostics) implements DriverOutcome {}
}
