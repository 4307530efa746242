package io.weft.nm.testing;

/** A JVM a container starts as a grandchild, to check that stopping the container kills it too. */
public final class SleepForever {
  private SleepForever() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("jvm up");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
