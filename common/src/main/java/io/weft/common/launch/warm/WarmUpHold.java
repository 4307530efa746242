package io.weft.common.launch.warm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Lets the NodeManager hold a warm JVM's warm-up while containers start on the node: a warm-up is seconds of CPU,
 * which a container's own JVM starting at the same time should have first. The NodeManager creates
 * {@link WarmJvm#HOLD_FILE} in the JVM's working directory; between its steps the warm-up waits while the file is
 * there, with {@link WarmJvm#HELD_FILE} saying so. Cooperative rather than SIGSTOP: a held JVM still notices its
 * NodeManager's exit and ends, where a stopped one would be left behind stopped.
 */
final class WarmUpHold {
  private static final long POLL_MILLIS = 20;

  private WarmUpHold() {}

  /** Returns once no hold is asked for (at once when none is). Relative paths: the working dir may be renamed. */
  static void awaitRelease() {
    Path hold = Path.of(WarmJvm.HOLD_FILE);
    if (!Files.exists(hold, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path held = Path.of(WarmJvm.HELD_FILE);
    try {
      Files.deleteIfExists(held);
      Files.createFile(held);
      while (Files.exists(hold, LinkOption.NOFOLLOW_LINKS)) {
        Thread.sleep(POLL_MILLIS);
      }
      Files.deleteIfExists(held);
    } catch (IOException e) {
      // a directory the JVM cannot write: it goes on, as if not held
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
