package io.weft.nm.warm;

import io.weft.nm.launch.CdsArchives;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Which file of Weft's class path a name resolves to, so that the NodeManager can tell whether a user's jars
 * may follow Weft's class path in a warm JVM instead of preceding it as in the cold command. A warm JVM has
 * Weft's classes loaded already and appends the user's jars; that order changes nothing unless a jar holds a
 * file (a class, a resource) Weft's class path also has, with other content: a cold JVM would take the jar's,
 * a warm one Weft's. Such a jar starts cold. Same content is no conflict, nor is {@code META-INF/MANIFEST.MF},
 * which every jar has (the JVM reads a class's package attributes from its own jar's manifest either way), nor a
 * {@code module-info.class}, which the class path ignores. A jar whose manifest names more jars
 * ({@code Class-Path}) starts cold too.
 */
public final class ClassPathIndex {
  private static final String MANIFEST = "META-INF/MANIFEST.MF";
  private static final String MODULE_INFO = "module-info.class";

  /** Where a name's first file is: a jar, with its entry's CRC and size, or a file of a directory (no CRC read). */
  private record Source(Path file, boolean inJar, long crc, long size) {}

  private final Map<String, Source> firstByName;

  private ClassPathIndex(Map<String, Source> firstByName) {
    this.firstByName = firstByName;
  }

  /** Indexes {@code classpath} ({@code dir/*} entries included) as the java launcher orders it. */
  public static ClassPathIndex of(String classpath) throws IOException {
    Map<String, Source> first = new HashMap<>();
    for (Path entry : CdsArchives.classpathEntries(classpath)) {
      if (Files.isDirectory(entry)) {
        try (Stream<Path> files = Files.walk(entry)) {
          for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
            first.putIfAbsent(entry.relativize(file).toString().replace('\\', '/'), new Source(file, false, 0, 0));
          }
        }
      } else if (Files.isRegularFile(entry)) {
        try (ZipFile jar = new ZipFile(entry.toFile())) {
          for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
            ZipEntry z = e.nextElement();
            if (!z.isDirectory()) {
              first.putIfAbsent(z.getName(), new Source(entry, true, z.getCrc(), z.getSize()));
            }
          }
        } catch (IOException e) {
          // Not a jar the launcher can read either: it contributes nothing to Weft's class path.
        }
      }
    }
    return new ClassPathIndex(Map.copyOf(first));
  }

  /**
   * Why {@code jars} must precede Weft's class path (the first file of theirs Weft's class path has with other
   * content, or a jar that cannot be read); empty when they may follow it.
   */
  public Optional<String> conflict(List<Path> jars) {
    for (Path jar : jars) {
      try (JarFile zip = new JarFile(jar.toFile())) {
        Manifest manifest = zip.getManifest();
        if (manifest != null && manifest.getMainAttributes().containsKey(Attributes.Name.CLASS_PATH)) {
          // the jars it names would need the same check; rare enough to start cold
          return Optional.of(jar + " names more jars in its manifest's Class-Path");
        }
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
          ZipEntry z = e.nextElement();
          Source weft = z.isDirectory() || ignored(z.getName()) ? null : firstByName.get(z.getName());
          if (weft != null && !sameContent(weft, z)) {
            return Optional.of(z.getName() + " in " + jar + " differs from the one in " + weft.file());
          }
        }
      } catch (IOException e) {
        return Optional.of("cannot read " + jar + ": " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Every jar's manifest, and module descriptors, which a class path (unlike a module path) does not read. */
  private static boolean ignored(String name) {
    return name.equals(MANIFEST) || name.equals(MODULE_INFO) || name.endsWith("/" + MODULE_INFO);
  }

  private static boolean sameContent(Source weft, ZipEntry user) throws IOException {
    if (weft.inJar()) {
      return weft.crc() == user.getCrc() && weft.size() == user.getSize();
    }
    CRC32 crc = new CRC32();
    long size = 0;
    try (InputStream in = Files.newInputStream(weft.file())) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; size += n) {
        crc.update(buffer, 0, n);
      }
    }
    return crc.getValue() == user.getCrc() && size == user.getSize();
  }
}
