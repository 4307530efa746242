package io.weft.common.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Collects what a composition root started and closes it in reverse order, continuing past
 * failures so one bad component cannot leave the others running.
 */
public final class Closer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  /** Registers {@code resource} and returns it, for use inline. */
  public synchronized <T extends AutoCloseable> T register(T resource) {
    resources.push(resource);
    return resource;
  }

  /** Starts {@code component} and registers it, so a later failure closes it. */
  public <T extends Lifecycle> T start(T component) {
    register(component);
    component.start();
    return component;
  }

  @Override
  public synchronized void close() {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("failed to close {}", resource, e);
      }
    }
  }
}
