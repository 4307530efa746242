package io.weft.driver.client;

import java.util.List;

/** What the driver hears from its ExecutorLauncher AM (client mode), and how it answers. */
public interface LauncherListener {
  /** Orders the driver sends to the launcher. */
  interface Control {
    /** The absolute number of executors wanted (not a delta). */
    void requestExecutors(int total, long executorMemoryMb, int executorCores);

    void killExecutors(List<String> executorIds);

    /** The application's progress in [0, 1], which the launcher reports to the RM. */
    void reportProgress(float progress);

    /** Tells the launcher to release everything and unregister. */
    void finish(boolean succeeded, String diagnostics);
  }

  void launcherRegistered(String attemptId, Control control);

  void executorStarted(String executorId, String containerId, String nodeId);

  void executorLost(ExecutorLoss loss);

  /**
   * A launcher's session ended (it finished, crashed or could not be reached again); {@code session}
   * is the control it was (or would have been) registered with, so a late end of an earlier attempt's
   * session is told apart from the current one's.
   */
  void launcherGone(Control session, String reason);
}
