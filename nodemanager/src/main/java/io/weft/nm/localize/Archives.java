package io.weft.nm.localize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Unpacks zip/jar archives, refusing entries that would escape the target directory. */
final class Archives {
  private Archives() {}

  static void unzip(Path archive, Path targetDir) throws IOException {
    Files.createDirectories(targetDir);
    Path root = targetDir.toAbsolutePath().normalize();
    int entries = 0;
    try (InputStream raw = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(raw)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries++;
        Path out = root.resolve(entry.getName()).normalize();
        if (!out.startsWith(root)) {
          throw new IOException("archive entry '" + entry.getName() + "' escapes the target directory");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    if (entries == 0) {
      throw new IOException("not a zip/jar archive, or an empty one");
    }
  }
}
