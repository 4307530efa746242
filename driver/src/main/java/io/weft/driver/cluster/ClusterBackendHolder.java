package io.weft.driver.cluster;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hand-off between the ApplicationMaster and the user's {@code WeftContext} in cluster mode,
 * when both live in the AM's JVM: the AM installs its {@link ClusterBackend} before it calls the
 * user's main, and a context created with master {@code weft} attaches to it. This is deliberately
 * the one piece of process-wide state of the driver: the user's main receives no arguments from
 * us, so there is no other way to reach it. The AM is the only writer.
 */
public final class ClusterBackendHolder {
  private static final AtomicReference<ClusterBackend> CURRENT = new AtomicReference<>();

  private ClusterBackendHolder() {}

  /** Installs {@code backend}; fails if another one is installed. */
  public static void install(ClusterBackend backend) {
    if (!CURRENT.compareAndSet(null, backend) && CURRENT.get() != backend) {
      throw new IllegalStateException("a cluster backend for " + CURRENT.get().applicationId()
          + " is already installed in this JVM");
    }
  }

  public static Optional<ClusterBackend> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Removes {@code backend} if it is the installed one. */
  public static void uninstall(ClusterBackend backend) {
    CURRENT.compareAndSet(backend, null);
  }
}
