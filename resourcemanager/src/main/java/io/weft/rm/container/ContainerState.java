package io.weft.rm.container;

/** The RM's view of a container, with YARN's names. */
public enum ContainerState {
  NEW, ALLOCATED, ACQUIRED, RUNNING, COMPLETED, EXPIRED, RELEASED, KILLED;

  public boolean isFinal() {
    return this == COMPLETED || this == EXPIRED || this == RELEASED || this == KILLED;
  }
}
