package io.weft.rm.web;

/** The version string the web app reports (the jar's Implementation-Version when packaged). */
final class Versions {
  static final String VERSION = version();

  private Versions() {}

  private static String version() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
