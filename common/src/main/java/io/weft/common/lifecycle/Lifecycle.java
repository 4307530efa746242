package io.weft.common.lifecycle;

/**
 * A long-lived component. {@code start} and {@code close} are idempotent; a component whose
 * start fails closes whatever it had started before rethrowing.
 */
public interface Lifecycle extends AutoCloseable {
  void start();

  @Override
  void close();
}
