package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;

/**
 * What became of a container (YARN's {@code ContainerStatus}). {@code exitStatus} is the process's
 * exit code when it is {@code >= 0}; negative values are YARN's well-known reasons Weft ended it
 * ({@link ExitStatus}: -100 aborted/released, -102 preempted, -104 over its memory, -105 killed by
 * the AM, -106 by the RM). Meaningful once {@code state} is {@link State#COMPLETE}.
 */
public record ContainerStatus(ContainerId containerId, State state, int exitStatus, String diagnostics) {
  /** YARN's container states as the RM and NMs report them. */
  public enum State { NEW, SCHEDULED, RUNNING, COMPLETE }

  public ContainerStatus {
    requireNonNull(containerId, "containerId");
    requireNonNull(state, "state");
    requireNonNull(diagnostics, "diagnostics");
  }

  /** True when the container completed with exit status 0. */
  public boolean succeeded() {
    return state == State.COMPLETE && exitStatus == ExitStatus.SUCCESS;
  }
}
