package io.weft.rm.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Wipes a state store directory ({@code -format-state-store}), keeping the directory itself. */
final class StoreFormatter {
  private static final Logger LOG = LogManager.getLogger();

  private StoreFormatter() {}

  static long format(Path dir) {
    if (!Files.exists(dir)) {
      LOG.info("Formatted the state store at {}: it did not exist, nothing to wipe", dir);
      return 0;
    }
    if (!Files.isDirectory(dir)) {
      throw new StateStoreException("cannot format the state store at " + dir + ": it is not a directory");
    }
    refuseIfInUse(dir);
    List<Path> doomed;
    try (Stream<Path> walk = Files.walk(dir)) {
      // deepest first, so each directory is empty when its turn comes
      doomed = walk.filter(p -> !p.equals(dir)).sorted(Comparator.reverseOrder()).toList();
      for (Path p : doomed) {
        Files.delete(p);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new StateStoreException("cannot format the state store at " + dir + ": " + e, e);
    }
    LOG.info("Formatted the state store at {}: deleted {} file(s) and director(ies)", dir, doomed.size());
    return doomed.size();
  }

  /**
   * RocksDB holds an fcntl lock on {@code LOCK} while open; Java's file locks are the same kind, so a
   * running RM in another process makes this fail rather than lose its files under it.
   */
  private static void refuseIfInUse(Path dir) {
    Path lock = dir.resolve("LOCK");
    if (!Files.isRegularFile(lock)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
        FileLock held = channel.tryLock()) {
      if (held == null) {
        throw new StateStoreException("cannot format the state store at " + dir
            + ": it is in use (a ResourceManager has it open); stop that ResourceManager first");
      }
    } catch (IOException e) {
      throw new StateStoreException("cannot format the state store at " + dir + ": cannot check its LOCK: " + e, e);
    }
  }
}
