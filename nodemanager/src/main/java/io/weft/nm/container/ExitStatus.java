package io.weft.nm.container;

/** YARN's well-known container exit statuses (process exit codes are >= 0). */
public final class ExitStatus {
  public static final int SUCCESS = 0;
  /** No exit status yet, or the container never ran a process (localization/launch failed). */
  public static final int INVALID = -1000;
  public static final int ABORTED = -100;
  public static final int KILLED_BY_APPMASTER = -105;
  public static final int KILLED_BY_RESOURCEMANAGER = -106;
  public static final int KILLED_AFTER_APP_COMPLETION = -107;
  /** What a process terminated by SIGTERM exits with; recorded when a stop names no status. */
  public static final int SIGTERM = 143;

  private ExitStatus() {}
}
