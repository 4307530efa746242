package io.weft.nm.rpc;

import io.weft.common.id.ContainerId;
import io.weft.nm.container.ContainerListener;
import io.weft.nm.container.ContainerState;
import java.time.Duration;

/**
 * Wakes the heartbeat loop early: to heartbeat ({@link #fire()}; any number before the loop wakes coalesce into
 * one heartbeat), or to take answers the RM sent between heartbeats ({@link #answerArrived()}).
 */
public final class HeartbeatTrigger implements ContainerListener {
  private boolean pending;
  private boolean answers;

  public synchronized void fire() {
    pending = true;
    notifyAll();
  }

  @Override
  public void stateChanged(ContainerId containerId, ContainerState state) {
    fire();
  }

  synchronized void answerArrived() {
    answers = true;
    notifyAll();
  }

  /**
   * Waits until fired, an answer arrives or {@code timeout} passes; returns whether it is time to heartbeat
   * (fired or timed out, the pending flag cleared), false when only answers arrived.
   */
  synchronized boolean await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!pending && !answers) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    if (answers && !pending && deadline - System.nanoTime() > 0) {
      answers = false;
      return false;
    }
    answers = false;
    pending = false;
    return true;
  }
}
