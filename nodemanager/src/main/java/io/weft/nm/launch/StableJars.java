package io.weft.nm.launch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content-addressed copies of the user jars that containers localize, so that a class-data-sharing
 * archive recorded with one container's jar serves the next container's.
 *
 * <p>JDK 17 accepts an archive only if each class-path entry of the JVM is the same file as at dump
 * time (same path, or same device and inode) and that file still has the size and modification
 * time recorded then; it does not allow the entries to move. A user jar, however, is localized
 * afresh into every container's working directory. So the archive is dumped against
 * {@code <dir>/<sha-256>.jar}, a read-only copy with a fixed modification time, and before a
 * launch that maps it the container's own jar (same bytes, checked by hash) is replaced by a hard
 * link to that copy: the JVM sees its usual path and the dump-time file.
 */
final class StableJars {
  /** Fixed, so that the copy's modification time says nothing about when it was made and a write shows. */
  static final FileTime MODIFIED = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

  /** Enough for the jars of the applications a node runs in a while; forgotten all at once past it. */
  private static final int REMEMBERED_HASHES = 1000;

  private final Path dir;
  private final Clock clock;
  private final ConcurrentHashMap<String, String> hashes = new ConcurrentHashMap<>();

  StableJars(Path dir) {
    this(dir, Clock.systemUTC());
  }

  /** With {@code clock} telling how long ago a copy was last linked. */
  StableJars(Path dir, Clock clock) {
    this.dir = requireNonNull(dir);
    this.clock = requireNonNull(clock);
  }

  /**
   * The hex SHA-256 of {@code jar}'s bytes, remembered for the file it is (or links to: a staged jar
   * is a symbolic link into the node's file cache) while its size and modification time stay.
   */
  String contentHash(Path jar) throws IOException {
    Path file = jar.toRealPath();
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    String identity = file + ":" + attributes.fileKey() + ":" + attributes.size() + ":"
        + attributes.lastModifiedTime().toMillis();
    String known = hashes.get(identity);
    if (known != null) {
      return known;
    }
    if (hashes.size() >= REMEMBERED_HASHES) {
      hashes.clear();
    }
    String hash = hashOf(file);
    hashes.put(identity, hash);
    return hash;
  }

  private static String hashOf(Path jar) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(jar), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Where the copy of a jar with {@code hash} lives (whether or not it exists yet). */
  Path copyOf(String hash) {
    return dir.resolve(hash + ".jar");
  }

  /** Makes the copy of {@code jar} (whose bytes hash to {@code hash}) unless it exists; returns it. */
  Path ensureCopy(Path jar, String hash) throws IOException {
    Path copy = copyOf(hash);
    if (intact(copy, Files.size(jar))) {
      return copy;
    }
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, hash, ".tmp");
    try {
      Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
      if (!hashOf(partial).equals(hash)) {
        throw new IOException(jar + " changed while it was copied");
      }
      Files.setLastModifiedTime(partial, MODIFIED);
      partial.toFile().setReadOnly();
      Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return copy;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * Replaces {@code jar} (in a container's working directory; its bytes hash to {@code hash}) by a
   * hard link to the copy, made again first if it was deleted or written since; empty, and {@code jar}
   * untouched, when the two are on different file systems. A copy made again is a new file, but with
   * the bytes, size and modification time of the one the archive was dumped against, which is all
   * the JVM checks of a file that is not the dump-time one.
   */
  Optional<Path> linkToCopy(Path jar, String hash) throws IOException {
    Path copy = ensureCopy(jar, hash);
    if (Files.isSameFile(jar, copy)) {
      return Optional.of(copy);
    }
    Path link = jar.resolveSibling("." + jar.getFileName() + ".cds-link");
    Files.deleteIfExists(link);
    try {
      Files.createLink(link, copy);
      Files.move(link, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return Optional.of(copy);
    } catch (AtomicMoveNotSupportedException | UnsupportedOperationException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("cross-device")) {
        return Optional.empty();
      }
      throw e;
    } finally {
      Files.deleteIfExists(link);
    }
  }

  /**
   * Deletes the copies that no container's directory links to and that none was linked to for
   * {@code unused} (a link made or removed changes a file's ctime); a later launch makes them again.
   */
  void deleteUnlinked(Duration unused) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    Instant unusedSince = clock.instant().minus(unused);
    try (DirectoryStream<Path> copies = Files.newDirectoryStream(dir, "*.jar")) {
      for (Path copy : copies) {
        int links = (Integer) Files.getAttribute(copy, "unix:nlink");
        FileTime changed = (FileTime) Files.getAttribute(copy, "unix:ctime");
        if (links == 1 && changed.toInstant().isBefore(unusedSince)) {
          Files.deleteIfExists(copy);
        }
      }
    }
  }

  /** The copy exists, has the size of the jar it stands for, and was not written since it was made. */
  private static boolean intact(Path copy, long size) throws IOException {
    return Files.isRegularFile(copy) && Files.size(copy) == size && Files.getLastModifiedTime(copy).equals(MODIFIED);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
