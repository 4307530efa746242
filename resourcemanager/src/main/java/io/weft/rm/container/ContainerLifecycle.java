package io.weft.rm.container;

import static io.weft.rm.container.ContainerState.ACQUIRED;
import static io.weft.rm.container.ContainerState.ALLOCATED;
import static io.weft.rm.container.ContainerState.COMPLETED;
import static io.weft.rm.container.ContainerState.EXPIRED;
import static io.weft.rm.container.ContainerState.KILLED;
import static io.weft.rm.container.ContainerState.NEW;
import static io.weft.rm.container.ContainerState.RELEASED;
import static io.weft.rm.container.ContainerState.RUNNING;

import io.weft.rm.lifecycle.TransitionTable;

/** The RM container's transition table. */
public final class ContainerLifecycle {
  public static final TransitionTable<ContainerState, ContainerEvent> TABLE =
      TransitionTable.<ContainerState, ContainerEvent>builder("container", ContainerState.class)
          .on(ContainerEvent.Allocated.class, ALLOCATED, NEW)
          .on(ContainerEvent.Acquired.class, ACQUIRED, ALLOCATED)
          .on(ContainerEvent.Started.class, RUNNING, ALLOCATED, ACQUIRED)
          .on(ContainerEvent.Finished.class, COMPLETED, ALLOCATED, ACQUIRED, RUNNING)
          .on(ContainerEvent.Released.class, RELEASED, ALLOCATED, ACQUIRED, RUNNING)
          .on(ContainerEvent.Killed.class, KILLED, ALLOCATED, ACQUIRED, RUNNING)
          .on(ContainerEvent.Expired.class, EXPIRED, ALLOCATED, ACQUIRED)
          .ignore(ContainerEvent.Acquired.class, ACQUIRED, RUNNING, COMPLETED, EXPIRED, RELEASED, KILLED)
          .ignore(ContainerEvent.Started.class, RUNNING)
          // Late news about a container the RM has already ended.
          .ignore(ContainerEvent.Started.class, COMPLETED, EXPIRED, RELEASED, KILLED)
          .ignore(ContainerEvent.Finished.class, COMPLETED, EXPIRED, RELEASED, KILLED)
          .ignore(ContainerEvent.Released.class, COMPLETED, EXPIRED, RELEASED, KILLED)
          .ignore(ContainerEvent.Killed.class, COMPLETED, EXPIRED, RELEASED, KILLED)
          .build();

  private ContainerLifecycle() {}
}
