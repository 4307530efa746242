package io.weft.common.rocks;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

/**
 * Loads RocksDB's native library from one copy per version on the machine. Left to itself, RocksJava copies its
 * 15 MB library out of its jar into a new temporary file in every JVM and deletes it only when the JVM exits
 * normally: each RM or NM killed (a crash, {@code kill -9}, a test of either) left 15 MB in the temporary
 * directory for good, about a hundred per run of the test suite. Here the library is copied once into
 * {@code <java.io.tmpdir>/weft-native-<user>/rocksdbjni-<crc>-<size>/}, named by the jar entry's checksum and size so
 * a new RocksDB version gets its own, and every later JVM loads that copy. The directory must be the user's alone
 * (rwx------, owned by them, not a link): another user who could write there could make every Weft daemon load
 * their code. Where that cannot be arranged it says why and lets RocksJava copy the library its own way.
 */
public final class RocksLibrary {
  private static final Logger LOG = LogManager.getLogger();
  /** Where the library is inside RocksJava's jar. */
  private static final String RESOURCE = Environment.getJniLibraryFileName("rocksdb");
  /** The file name {@link RocksDB#loadLibrary(List)} loads from each directory it is given. */
  private static final String FILE_NAME = Environment.getJniLibraryFileName("rocksdbjni");
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
  private static boolean loaded;

  private RocksLibrary() {}

  /** Loads the library, once per JVM; call it before any other RocksDB class is used. */
  public static synchronized void load() {
    if (loaded) {
      return;
    }
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "weft-native-" + System.getProperty("user.name"));
    try {
      RocksDB.loadLibrary(List.of(copyIn(root).toString()));
    } catch (IOException | UnsatisfiedLinkError e) {
      LOG.warn("RocksDB's native library is not loaded from the shared copy under {} ({}); RocksJava copies it into "
          + "a temporary file of this JVM instead, which a kill -9 leaves behind", root, e.toString());
      RocksDB.loadLibrary();
    }
    loaded = true;
  }

  /**
   * The directory under {@code root} that holds this RocksJava's library as {@link #FILE_NAME}, copied there first if
   * no JVM has yet. Concurrent JVMs each copy to a file of their own and rename it into place, so none ever sees a
   * half-written library.
   */
  static Path copyIn(Path root) throws IOException {
    URL resource = RocksDB.class.getClassLoader().getResource(RESOURCE);
    if (resource == null) {
      throw new IOException(RESOURCE + " is not on the class path");
    }
    URLConnection connection = resource.openConnection();
    if (!(connection instanceof JarURLConnection jar)) {
      throw new IOException(RESOURCE + " is not inside a jar (" + resource + ")");
    }
    JarEntry entry = jar.getJarEntry();
    if (entry.getSize() < 0 || entry.getCrc() < 0) {
      throw new IOException(resource + " does not say its size and checksum");
    }
    Path dir = privateDir(root).resolve(String.format(Locale.ROOT, "rocksdbjni-%08x-%d", entry.getCrc(),
        entry.getSize()));
    Path library = dir.resolve(FILE_NAME);
    if (Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS) && Files.size(library) == entry.getSize()) {
      return dir;
    }
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, FILE_NAME, ".partial");
    try {
      try (InputStream in = connection.getInputStream()) {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      long copied = Files.size(partial);
      if (copied != entry.getSize()) {
        throw new IOException("copying " + resource + " to " + partial + " gave " + copied + " bytes, not the "
            + entry.getSize() + " the jar lists");
      }
      // rename(2): a JVM that has the file loaded keeps its copy even when another's replaces it
      Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
    return dir;
  }

  /** {@code root}, made if absent; refused unless it is a directory of this user's that only they can use. */
  static Path privateDir(Path root) throws IOException {
    try {
      Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      // made before (by this user or not) or by another JVM meanwhile: checked below like any existing one
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(root + " is not a directory (or is a link)");
    }
    String owner = Files.getOwner(root, LinkOption.NOFOLLOW_LINKS).getName();
    String user = System.getProperty("user.name");
    if (!owner.equals(user)) {
      throw new IOException(root + " belongs to " + owner + ", not to " + user);
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS);
    if (!permissions.equals(OWNER_ONLY)) {
      throw new IOException(root + " has permissions " + PosixFilePermissions.toString(permissions) + "; only "
          + PosixFilePermissions.toString(OWNER_ONLY) + " is trusted");
    }
    return root;
  }
}
