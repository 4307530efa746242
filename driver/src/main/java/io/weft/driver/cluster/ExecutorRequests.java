package io.weft.driver.cluster;

import java.util.List;

/**
 * How the cluster-mode driver changes its executors while it runs (dynamic allocation): through the
 * ApplicationMaster's allocator, which asks and releases at the ResourceManager.
 */
public interface ExecutorRequests {
  /** The executors stay as the AM started them: dynamic allocation is not available. */
  ExecutorRequests FIXED = new ExecutorRequests() {
    @Override
    public int executorCores() {
      return 1;
    }

    @Override
    public void setTarget(int total) {
      throw new UnsupportedOperationException("this application's executors are fixed");
    }

    @Override
    public void kill(List<String> executorIds) {
      throw new UnsupportedOperationException("this application's executors are fixed");
    }
  };

  /** Cores of each executor container the AM asks for. */
  int executorCores();

  /** The absolute number of executors wanted from now on. */
  void setTarget(int total);

  /** Stops these executors' containers; their ends are reported as requested, not as failures. */
  void kill(List<String> executorIds);
}
