package io.weft.common.version;

/**
 * The versions the daemons report. {@link #WEFT} is Weft's own (the jar's Implementation-Version when
 * packaged with one, else the build's); {@link #HADOOP_API} is the Hadoop YARN release whose REST and
 * client API Weft answers like, reported where YARN reports {@code hadoopVersion}, so that clients
 * that gate on a Hadoop version see one they know.
 */
public final class Versions {
  /** Weft's own version. */
  public static final String WEFT = weftVersion();

  /** The Hadoop YARN release whose REST answers Weft's are checked against (docs/web.md). */
  public static final String HADOOP_API = "3.4.2";

  private Versions() {}

  private static String weftVersion() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
