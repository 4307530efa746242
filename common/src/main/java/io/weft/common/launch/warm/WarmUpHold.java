package io.weft.common.launch.warm;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Lets the NodeManager hold a warm JVM's warm-up while containers start on the node: a warm-up is seconds of CPU,
 * which a container's own JVM starting at the same time should have first. The NodeManager creates
 * {@link WarmJvm#HOLD_FILE} in the JVM's working directory; between its steps the warm-up waits, on the file
 * system's change notifications, while the file is there, with {@link WarmJvm#HELD_FILE} saying so. Cooperative
 * rather than SIGSTOP: a held JVM still notices its NodeManager's exit and ends, where a stopped one would be left
 * behind stopped.
 */
final class WarmUpHold {
  private WarmUpHold() {}

  /** Returns once no hold is asked for (at once when none is). Relative paths: the working dir may be renamed. */
  static void awaitRelease() {
    Path hold = Path.of(WarmJvm.HOLD_FILE);
    if (!Files.exists(hold, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path held = Path.of(WarmJvm.HELD_FILE);
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      // watching before looking again: a removal in between is not missed
      WatchKey key = Path.of(".").register(watcher, StandardWatchEventKinds.ENTRY_DELETE);
      Files.deleteIfExists(held);
      Files.createFile(held);
      while (Files.exists(hold, LinkOption.NOFOLLOW_LINKS) && key.isValid()) {
        watcher.take().pollEvents();
        key.reset();
      }
      Files.deleteIfExists(held);
    } catch (IOException e) {
      // a directory the JVM cannot write or watch: it goes on, as if not held
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
