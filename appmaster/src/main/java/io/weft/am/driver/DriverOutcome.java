package io.weft.am.driver;

/** How the user's main ended. */
public sealed interface DriverOutcome {
  record Succeeded() implements DriverOutcome {}

  /** {@code diagnostics} say why, for the application report. */
  record Failed(String diagnostics) implements DriverOutcome {}
}
