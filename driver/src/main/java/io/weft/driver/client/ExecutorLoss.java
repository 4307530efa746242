package io.weft.driver.client;

/** Why an executor's container ended, as the ExecutorLauncher reports it: a crash or a deliberate release. */
public record ExecutorLoss(String executorId, Kind kind, int exitStatus, String diagnostics) {
  public enum Kind { EXITED, NODE_LOST, PREEMPTED, KILLED_BY_REQUEST, LAUNCH_FAILED }

  /** Whether the executor's end was asked for (not a failure of the executor). */
  public boolean deliberate() {
    return kind == Kind.KILLED_BY_REQUEST;
  }

  public String describe() {
    return "executor " + executorId + " " + switch (kind) {
      case EXITED -> "exited with status " + exitStatus;
      case NODE_LOST -> "was lost with its node";
      case PREEMPTED -> "was preempted";
      case KILLED_BY_REQUEST -> "was killed as the driver asked";
      case LAUNCH_FAILED -> "could not be launched";
    } + (diagnostics.isEmpty() ? "" : ": " + diagnostics);
  }
}
