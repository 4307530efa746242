package io.weft.rm.container;

import io.weft.common.launch.ExitStatus;
import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.time.Instant;
import java.util.function.Consumer;

/** A container the RM granted. Mutable; owned by the RM core loop. */
public final class RmContainer {
  private final Allocation allocation;
  private final boolean amContainer;
  private final Instant created;
  private ContainerState state = ContainerState.NEW;
  private int exitStatus = ExitStatus.INVALID;
  private String diagnostics = "";
  private Instant finished;
  /** Told whenever its view changes. */
  private final Consumer<RmContainer> onChange;
  /** The last mark {@link #markOnce} took; -1 before the first. */
  private long mark = -1;

  /** With {@code onChange} told (on the core loop) whenever its state or its exit is recorded. */
  public RmContainer(Allocation allocation, boolean amContainer, Instant created,
      Consumer<RmContainer> onChange) {
    this.onChange = requireNonNull(onChange);
    this.allocation = requireNonNull(allocation);
    this.amContainer = amContainer;
    this.created = requireNonNull(created);
  }

  /** Applies {@code event}; returns true when the state changed. */
  public boolean handle(ContainerEvent event) {
    ContainerState next = ContainerLifecycle.TABLE.next(allocation.containerId(), state, event);
    boolean changed = next != state;
    state = next;
    if (changed) {
      onChange.accept(this);
    }
    return changed;
  }

  /** Records how the container ended; the first record wins. */
  public void recordExit(int exitStatus, String diagnostics, Instant when) {
    if (finished == null) {
      this.exitStatus = exitStatus;
      this.diagnostics = diagnostics == null ? "" : diagnostics;
      this.finished = when;
      onChange.accept(this);
    }
  }

  public ContainerId id() {
    return allocation.containerId();
  }

  public NodeId nodeId() {
    return allocation.nodeId();
  }

  public Resource resource() {
    return allocation.resource();
  }

  public Allocation allocation() {
    return allocation;
  }

  public boolean isAmContainer() {
    return amContainer;
  }

  public ContainerState state() {
    return state;
  }

  public Instant created() {
    return created;
  }

  public int exitStatus() {
    return exitStatus;
  }

  public String diagnostics() {
    return diagnostics;
  }

  /**
   * Takes {@code mark} for this record: true the first time it is offered, false when it is the one taken last.
   * The RM core marks a record with its publication's number when it notes the record changed, and notes it once.
   */
  public boolean markOnce(long mark) {
    if (this.mark == mark) {
      return false;
    }
    this.mark = mark;
    return true;
  }

  public ContainerView view() {
    return new ContainerView(allocation, state, exitStatus, diagnostics, created, finished);
  }
}
