package io.weft.common.launch;

/**
 * YARN's well-known container exit statuses (its ContainerExitStatus). Process exit codes are
 * {@code >= 0}; the negative values say why Weft itself ended a container.
 */
public final class ExitStatus {
  public static final int SUCCESS = 0;
  /** No exit status yet, or the container never ran a process (localization or launch failed). */
  public static final int INVALID = -1000;
  /** Released by the AM, or its node was lost. */
  public static final int ABORTED = -100;
  /** Its node's local or log disks failed. */
  public static final int DISKS_FAILED = -101;
  public static final int PREEMPTED = -102;
  public static final int KILLED_EXCEEDED_PMEM = -104;
  public static final int KILLED_BY_APPMASTER = -105;
  public static final int KILLED_BY_RESOURCEMANAGER = -106;
  public static final int KILLED_AFTER_APP_COMPLETION = -107;
  /** What a process terminated by SIGTERM exits with; recorded when a stop names no status. */
  public static final int SIGTERM = 143;

  private ExitStatus() {}

  /**
   * True when the container was taken away by the cluster, not ended by what ran in it: its node was
   * lost (or it was released, or expired unstarted), its disks failed, it was preempted or the RM
   * killed it. Such an end counts neither as a failed AM attempt (YARN's rule) nor as a failed
   * executor (Spark's), and what ran in it is simply started again.
   */
  public static boolean isClusterCaused(int status) {
    return status == ABORTED || status == DISKS_FAILED || status == PREEMPTED || status == KILLED_BY_RESOURCEMANAGER;
  }

  /** True when the end is not the application's fault, so it does not count as a failure. */
  public static boolean isBenign(int status) {
    return status == SUCCESS || status == PREEMPTED || status == KILLED_BY_APPMASTER
        || status == KILLED_AFTER_APP_COMPLETION;
  }
}
