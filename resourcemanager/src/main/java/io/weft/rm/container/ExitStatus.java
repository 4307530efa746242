package io.weft.rm.container;

/** YARN's well-known container exit statuses; process exit codes are >= 0. */
public final class ExitStatus {
  public static final int SUCCESS = 0;
  public static final int INVALID = -1000;
  public static final int ABORTED = -100;
  public static final int KILLED_BY_APPMASTER = -105;
  public static final int KILLED_BY_RESOURCEMANAGER = -106;
  public static final int KILLED_AFTER_APP_COMPLETION = -107;

  private ExitStatus() {}
}
