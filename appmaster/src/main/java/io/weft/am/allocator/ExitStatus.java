package io.weft.am.allocator;

/** The container exit statuses the allocator tells apart (YARN's ContainerExitStatus). */
public final class ExitStatus {
  public static final int SUCCESS = 0;
  public static final int PREEMPTED = -102;
  public static final int KILLED_BY_APPMASTER = -105;
  public static final int KILLED_AFTER_APP_COMPLETION = -107;

  private ExitStatus() {}

  /** True when the end is not the application's fault (it does not count toward max failures). */
  public static boolean isBenign(int status) {
    return status == SUCCESS || status == PREEMPTED || status == KILLED_BY_APPMASTER
        || status == KILLED_AFTER_APP_COMPLETION;
  }
}
