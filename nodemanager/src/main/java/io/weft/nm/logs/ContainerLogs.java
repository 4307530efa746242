package io.weft.nm.logs;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import io.weft.nm.launch.ContainerDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/** Reads container log files under {@code <log-dir>/<app>/<container>/}, in bounded chunks. */
public final class ContainerLogs {
  public static final int MAX_CHUNK = 64 * 1024;

  private final Path logRoot;

  public ContainerLogs(Path logRoot) {
    this.logRoot = requireNonNull(logRoot);
  }

  /** The log file, checked: a plain name, an existing container log dir and file. */
  public Path file(ContainerId id, String name) {
    if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..")
        || name.contains("\0")) {
      throw WeftException.invalidArgument("log file name '" + name + "' must be a plain file name like stdout");
    }
    Path dir = ContainerDirs.logDir(logRoot, id);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw WeftException.notFound(id + " has no logs on this node");
    }
    Path file = dir.resolve(name);
    if (Files.isSymbolicLink(file) || !insideLogRoot(dir)) {
      // A container owns its log directory and could point a link anywhere on the host.
      throw WeftException.permissionDenied("log file '" + name + "' of " + id
          + " is a symbolic link or lies outside the node's log directory; only the container's own files are served");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw WeftException.notFound(id + " has no log file '" + name + "'");
    }
    return file;
  }

  /**
   * The names of the log files {@code id} has on this node now (plain files, no links), in name order;
   * empty when it has no log dir (yet, or any more).
   */
  public List<String> files(ContainerId id) {
    Path dir = ContainerDirs.logDir(logRoot, id);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .map(f -> f.getFileName().toString()).sorted().toList();
    } catch (NoSuchFileException e) {
      return List.of(); // deleted while listed
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the log files of " + id + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The container's log dir, every link resolved, is still under the log root (no linked parent). */
  private boolean insideLogRoot(Path dir) {
    try {
      return dir.toRealPath().startsWith(logRoot.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Streams the bytes of [start, end) of the log file: {@code sink} receives the file's length and
   * each chunk (at most {@link #MAX_CHUNK} bytes); it is called at least once, possibly with an empty chunk.
   */
  public void read(ContainerId id, String name, long start, long end, BiConsumer<Long, byte[]> sink) {
    Path file = file(id, name);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long length = channel.size();
      LogRange range = LogRange.resolve(start, end, length);
      long position = range.start();
      boolean sent = false;
      while (position < range.end()) {
        int size = (int) Math.min(MAX_CHUNK, range.end() - position);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        int n = channel.read(buffer, position);
        if (n <= 0) {
          break;
        }
        byte[] chunk = new byte[n];
        buffer.flip().get(chunk);
        sink.accept(length, chunk);
        sent = true;
        position += n;
      }
      if (!sent) {
        sink.accept(length, new byte[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
