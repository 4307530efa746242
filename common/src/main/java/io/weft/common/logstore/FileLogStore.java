package io.weft.common.logstore;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A {@link LogStore} in a directory: {@code <root>/<application>/<name>}, written as {@code <name>.inprogress}
 * and renamed atomically when closed. Serves the history server's own directory and a mounted shared path
 * ({@code file:///shared/...}) alike.
 */
public final class FileLogStore implements LogStore {
  private final Path root;

  public FileLogStore(Path root) throws IOException {
    this.root = Files.createDirectories(requireNonNull(root));
  }

  public Path root() {
    return root;
  }

  @Override
  public Writer create(ApplicationId app, String name) throws IOException {
    Path published = fileOf(app, name);
    Path inProgress = inProgress(published);
    Files.createDirectories(published.getParent());
    OutputStream out = Files.newOutputStream(inProgress,
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    return new Writer(out, inProgress, published);
  }

  /**
   * A file being written: {@link #close()} publishes it, {@link #abandon()} stops writing and leaves it in
   * progress (what a store serving remote writers does when a writer's stream breaks off).
   */
  public static final class Writer extends FilterOutputStream {
    private final Path inProgress;
    private final Path published;
    private boolean closed;

    private Writer(OutputStream out, Path inProgress, Path published) {
      super(out);
      this.inProgress = inProgress;
      this.published = published;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      super.close();
      Files.move(inProgress, published, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Closes the file without publishing it: readers keep seeing it in progress, with what was written. */
    public void abandon() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      out.close();
    }
  }

  @Override
  public InputStream open(ApplicationId app, String name, long offset) throws IOException {
    Path published = fileOf(app, name);
    Path file = Files.exists(published) ? published : inProgress(published);
    if (!Files.exists(file)) {
      throw new NoSuchFileException(app + "/" + name, null, "no such file in the log store at " + root);
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    channel.position(Math.max(0, offset));
    return Channels.newInputStream(channel);
  }

  @Override
  public List<StoredFile> list(ApplicationId app) throws IOException {
    Path dir = root.resolve(app.toString());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Map<String, StoredFile> byName = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String fileName = file.getFileName().toString();
        boolean inProgress = fileName.endsWith(IN_PROGRESS_SUFFIX);
        String name = inProgress ? fileName.substring(0, fileName.length() - IN_PROGRESS_SUFFIX.length()) : fileName;
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        StoredFile stored = new StoredFile(name, attributes.size(), attributes.lastModifiedTime().toInstant(),
            inProgress);
        // A published file wins over a newer writer's unfinished copy, as open() does.
        byName.merge(name, stored, (a, b) -> a.inProgress() ? b : a);
      }
    }
    return List.copyOf(byName.values());
  }

  @Override
  public List<StoredApplication> applications() throws IOException {
    List<StoredApplication> apps = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path dir : dirs) {
        ApplicationId app;
        try {
          app = ApplicationId.parse(dir.getFileName().toString());
        } catch (WeftException notAnApplication) {
          continue;
        }
        Instant newest = list(app).stream().map(StoredFile::modified).max(Comparator.naturalOrder())
            .orElse(Files.getLastModifiedTime(dir).toInstant());
        apps.add(new StoredApplication(app, newest));
      }
    }
    apps.sort(Comparator.comparing(StoredApplication::app));
    return apps;
  }

  @Override
  public void delete(ApplicationId app) throws IOException {
    Path dir = root.resolve(app.toString());
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * Removes one file of {@code app}, published or in progress (retention of one kind of file, e.g. the history
   * server's of event logs), and the application's directory once it is empty.
   */
  public void deleteFile(ApplicationId app, String name) throws IOException {
    Path published = fileOf(app, name);
    Files.deleteIfExists(published);
    Files.deleteIfExists(inProgress(published));
    try {
      Files.deleteIfExists(published.getParent());
    } catch (java.nio.file.DirectoryNotEmptyException otherFilesRemain) {
      // the application's other files (its container logs) have a retention of their own
    }
  }

  @Override
  public void close() {}

  private Path fileOf(ApplicationId app, String name) {
    return root.resolve(app.toString()).resolve(LogStore.checkName(name));
  }

  private static Path inProgress(Path published) {
    return published.resolveSibling(published.getFileName() + IN_PROGRESS_SUFFIX);
  }
}
