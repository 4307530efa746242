package io.weft.nm.rpc;

import io.weft.common.id.ContainerId;
import io.weft.nm.container.ContainerListener;
import io.weft.nm.container.ContainerState;
import java.time.Duration;

/**
 * Wakes the heartbeat loop early. Any number of {@link #fire()}s before the loop wakes coalesce
 * into one heartbeat.
 */
public final class HeartbeatTrigger implements ContainerListener {
  private boolean pending;

  public synchronized void fire() {
    pending = true;
    notifyAll();
  }

  @Override
  public void stateChanged(ContainerId containerId, ContainerState state) {
    fire();
  }

  /** Waits until fired or {@code timeout} passes; clears the pending flag. */
  synchronized void await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!pending) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    pending = false;
  }
}
