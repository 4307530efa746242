package io.weft.bench;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Temporary directories whose contents nobody reads after the run (an in-process RM's store and staging
 * directory), deleted with everything in them when the JVM exits: each run of the wire and heartbeat
 * benchmarks left two behind in /tmp, CI's short heartbeat run included.
 */
final class ScratchDirs {
  private static final List<Path> MADE = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ScratchDirs::deleteAll, "scratch-dirs-cleanup"));
  }

  private ScratchDirs() {}

  /** A new empty directory under the system's temporary directory, gone when the JVM exits. */
  static Path make(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    MADE.add(dir);
    return dir;
  }

  private static void deleteAll() {
    for (Path dir : MADE) {
      try {
        MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
      } catch (IOException e) {
        System.err.println("could not delete the scratch directory " + dir + ": " + e);
      }
    }
  }
}
