package io.weft.common.launch;

/**
 * Placeholders a launch context's command may contain; the NM expands them on its node, so a
 * client never needs to know where Java or Weft is installed there.
 */
public final class Placeholders {
  public static final String JAVA_HOME = "{{JAVA_HOME}}";
  public static final String WEFT_CLASSPATH = "{{WEFT_CLASSPATH}}";
  public static final String PWD = "{{PWD}}";
  public static final String LOG_DIR = "{{LOG_DIR}}";
  /**
   * A whole argument, right before the main class of a JVM (Weft's own, or a user's that opts in, as
   * {@code AppSubmission}'s Java AMs do), after its {@code -cp}: the NM replaces it with zero or more
   * JVM options of its choosing (start-up flags, a class-data-sharing archive for that class path).
   */
  public static final String WEFT_JVM_OPTIONS = "{{WEFT_JVM_OPTIONS}}";

  /** {@code {{JAVA_HOME}}/bin/java}. */
  public static final String JAVA = JAVA_HOME + "/bin/java";

  private Placeholders() {}
}
