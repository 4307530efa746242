package io.weft.rm.web;

/** The version string the web app reports (the jar's Implementation-Version when packaged). */
final class Versions {
  static final String VERSION = version();

  /**
   * The Hadoop YARN release whose REST and RPC API Weft answers like (the one the captured answers in
   * docs/web.md were compared with): what {@code hadoopVersion} and a node's {@code version} say, so that
   * clients that gate on the Hadoop version work. Weft's own version is in {@code weftVersion}.
   */
  static final String HADOOP_API = "3.4.2";

  private Versions() {}

  private static String version() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
