package io.weft.nm.testing;

/** A JVM that prints one line and exits 0, for launches whose output must stay exactly that. */
public final class HelloJvm {
  private HelloJvm() {}

  public static void main(String[] args) {
    System.out.println("hello from " + String.join(" ", args));
  }
}
