package io.weft.nm.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The class path of a user JVM as class-data sharing needs it: the jars the container localized into
 * its working directory, known by their bytes (each container has its own copy at its own path), and
 * the other entries (Weft's class path) known by path, size and modification time, as the JVM checks them.
 */
final class UserClasspath {
  private final List<Part> parts;

  /** One {@code -cp} entry, absolute; {@code localJar} and {@code hash} are set for a jar in the container's directory. */
  private record Part(String entry, Path localJar, String hash, List<String> identities) {}

  private UserClasspath(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /**
   * {@code classpath} (a {@code -cp} value, placeholders expanded) of a container working in
   * {@code workDir}; empty when no archive can serve it: a directory on it (the JVM archives classes
   * from jars only), a {@code dir/*} entry or a missing file in the working directory.
   */
  static Optional<UserClasspath> of(String classpath, Path workDir, StableJars jars) throws IOException {
    Path container = workDir.toAbsolutePath().normalize();
    List<Part> parts = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      boolean wildcard = entry.endsWith("*");
      // relative to the container's directory, where the JVM runs
      Path path = container.resolve(wildcard ? entry.substring(0, entry.length() - 1) : entry).normalize();
      boolean local = path.startsWith(container);
      if (wildcard) {
        if (local) {
          return Optional.empty();
        }
        List<String> identities = new ArrayList<>();
        for (Path jar : CdsArchives.wildcardJars(path)) {
          identities.add(CdsArchives.fileIdentity(jar));
        }
        parts.add(new Part(path + File.separator + "*", null, null, identities));
      } else if (Files.isDirectory(path) || (local && !Files.isRegularFile(path))) {
        return Optional.empty();
      } else if (local) {
        parts.add(new Part(entry, path, jars.contentHash(path), List.of()));
      } else {
        parts.add(new Part(path.toString(), null, null, List.of(CdsArchives.fileIdentity(path))));
      }
    }
    return Optional.of(new UserClasspath(parts));
  }

  /** What identifies this class path for an archive: local jars by content, in order, the rest as the JVM sees them. */
  List<String> keyParts() {
    List<String> key = new ArrayList<>();
    for (Part part : parts) {
      if (part.localJar() != null) {
        key.add("content:" + part.hash());
      } else {
        key.addAll(part.identities());
      }
    }
    return key;
  }

  /** The class path to dump this class path's archive for: each local jar replaced by its stable copy (made now). */
  String withCopies(StableJars copies) throws IOException {
    List<String> entries = new ArrayList<>();
    for (Part part : parts) {
      entries.add(part.localJar() != null ? copies.ensureCopy(part.localJar(), part.hash()).toString() : part.entry());
    }
    return String.join(File.pathSeparator, entries);
  }

  /**
   * Makes each local jar the same file as its stable copy (a hard link), so the JVM recognizes the
   * dump-time jar at the container's path; false if one cannot be.
   */
  boolean linkToCopies(StableJars copies) throws IOException {
    for (Part part : parts) {
      if (part.localJar() != null && copies.linkToCopy(part.localJar(), part.hash()).isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
