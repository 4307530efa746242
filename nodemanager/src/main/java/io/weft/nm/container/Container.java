package io.weft.nm.container;

import io.weft.common.launch.ExitStatus;
import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.nm.launch.ContainerDirs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One container on this node. Every state change goes through {@link #move}, which checks the
 * {@link ContainerState} table, logs the transition and keeps the container's record in the
 * {@link ContainerStore} in step (launched on RUNNING, completed on exit). Callers synchronize on
 * the container for compound steps (check state, then start or signal a process).
 */
final class Container {
  private static final Logger LOG = LogManager.getLogger();

  private final ContainerSpec spec;
  private final ContainerDirs dirs;
  private final ContainerListener listener;
  private final ContainerStore store;
  /** The device ids it holds, by resource type (see DeviceAllocator). */
  private final Map<String, List<String>> devices;
  private final CompletableFuture<ContainerReport> done = new CompletableFuture<>();
  private ContainerState state;
  private int exitStatus = ExitStatus.INVALID;
  private String diagnostics = "";
  private long pid = -1;
  private long processStartTicks = -1;
  private int killStatus;
  private String killDiagnostics = "";
  private boolean groupKilled;

  Container(ContainerSpec spec, ContainerDirs dirs, ContainerListener listener, ContainerStore store,
      ContainerState initial, Map<String, List<String>> devices) {
    this.spec = requireNonNull(spec);
    this.devices = Map.copyOf(devices);
    this.dirs = requireNonNull(dirs);
    this.listener = requireNonNull(listener);
    this.store = requireNonNull(store);
    if (!ContainerState.initial().contains(initial)) {
      throw new IllegalArgumentException(spec.id() + " cannot start in " + initial);
    }
    this.state = initial;
  }

  ContainerId id() {
    return spec.id();
  }

  ContainerSpec spec() {
    return spec;
  }

  ContainerDirs dirs() {
    return dirs;
  }

  Map<String, List<String>> devices() {
    return devices;
  }

  synchronized ContainerState state() {
    return state;
  }

  synchronized long pid() {
    return pid;
  }

  synchronized ContainerReport report() {
    return new ContainerReport(spec.id(), state, exitStatus, diagnostics, spec.resource(), pid, spec.allocation(),
        spec.user());
  }

  synchronized ContainerRecord record() {
    return new ContainerRecord(spec.id(), pid, processStartTicks, spec.user(), spec.resource(), spec.allocation(),
        dirs, state.isCompleted(), exitStatus, diagnostics, devices);
  }

  /** Completes when the container reaches DONE. */
  CompletableFuture<ContainerReport> done() {
    return done;
  }

  /** The one place a container changes state; throws when the table does not allow it. */
  void move(ContainerState next, String cause) {
    ContainerReport finished = null;
    synchronized (this) {
      state.requireMoveTo(next, spec.id());
      LOG.info("{} {} -> {} on {}", spec.id(), state, next, cause);
      state = next;
      if (next == ContainerState.RUNNING || next == ContainerState.EXITED_WITH_SUCCESS
          || next == ContainerState.EXITED_WITH_FAILURE) {
        store.put(record());
      }
      if (next == ContainerState.DONE) {
        finished = report();
      }
    }
    listener.stateChanged(spec.id(), next);
    if (finished != null) {
      done.complete(finished);
    }
  }

  /** Moves only when the container is still in {@code expected}; false when something else happened first. */
  boolean moveIf(ContainerState expected, ContainerState next, String cause) {
    synchronized (this) {
      if (state != expected) {
        return false;
      }
      move(next, cause);
      return true;
    }
  }

  /** Sets the pid a recovered container's record names, so that its reports and record keep it. */
  synchronized void recoveredPid(long processId, long startTicks) {
    pid = processId;
    processStartTicks = startTicks;
  }

  /** The process runs as {@code processId} (also its group id), started at {@code startTicks} (see ProcessStat). */
  synchronized void running(long processId, long startTicks, String cause) {
    pid = processId;
    processStartTicks = startTicks;
    move(ContainerState.RUNNING, cause);
  }

  /** Records the final exit status and moves to an EXITED state. */
  synchronized void exited(boolean success, int status, String diag, String cause) {
    exitStatus = status;
    diagnostics = diag;
    move(success ? ContainerState.EXITED_WITH_SUCCESS : ContainerState.EXITED_WITH_FAILURE, cause);
  }

  synchronized void killing(int status, String diag) {
    killStatus = status;
    killDiagnostics = diag;
    move(ContainerState.KILLING, "stop (exit status " + status + ")");
  }

  synchronized int killStatus() {
    return killStatus;
  }

  synchronized String killDiagnostics() {
    return killDiagnostics;
  }

  synchronized void markGroupKilled() {
    groupKilled = true;
  }

  synchronized boolean groupKilled() {
    return groupKilled;
  }
}
