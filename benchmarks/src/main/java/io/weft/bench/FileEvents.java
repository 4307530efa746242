package io.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waiting for files to appear, woken by the file system's events instead of polling. */
public final class FileEvents {
  /** Whether what is awaited is there; may read the directory. */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws IOException;
  }

  private FileEvents() {}

  /**
   * Returns once {@code done} holds, checking it again at every file created in (or renamed into, or
   * written in) {@code dir}; fails naming {@code what} after {@code timeout}.
   */
  public static void awaitInDirectory(Path dir, Check done, Duration timeout, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Files.createDirectories(dir);
    try (WatchService watcher = dir.getFileSystem().newWatchService()) {
      // before the first check: no event is missed
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      while (!done.holds()) {
        WatchKey key = watcher.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (key == null) {
          throw new IllegalStateException(what + " did not happen in " + dir + " within " + timeout.toSeconds() + " s");
        }
        key.pollEvents();
        key.reset();
      }
    }
  }
}
