package io.weft.rm.core;

import java.lang.ref.WeakReference;
import java.time.Duration;
import org.awaitility.Awaitility;

/** Waits, collecting garbage meanwhile, until nothing holds what a weak reference names (tests of what maps keep). */
final class Collected {
  private Collected() {}

  static void await(WeakReference<?> reference) {
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
      System.gc();
      return reference.get() == null;
    });
  }
}
