package io.weft.common.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks zip/jar, tar and gzipped tar archives, refusing entries that would escape the target
 * directory. The format is read from the content (a staged file has no name to go by), as YARN's
 * localizer reads it from the name. Used by the NM's localizer and by executors for the archives a
 * client-mode driver ships.
 */
public final class Archives {
  private static final int TAR_BLOCK = 512;

  private Archives() {}

  /** Unpacks {@code archive} into {@code targetDir}, whatever of zip, jar, tar, tar.gz or tgz it is. */
  public static void unpack(Path archive, Path targetDir) throws IOException {
    byte[] head = new byte[TAR_BLOCK];
    int read;
    try (InputStream in = Files.newInputStream(archive)) {
      read = in.readNBytes(head, 0, head.length);
    }
    if (read >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
        untar(in, targetDir);
      }
    } else if (read == TAR_BLOCK && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
        untar(in, targetDir);
      }
    } else {
      unzip(archive, targetDir);
    }
  }

  static void unzip(Path archive, Path targetDir) throws IOException {
    Files.createDirectories(targetDir);
    Path root = targetDir.toAbsolutePath().normalize();
    int entries = 0;
    try (InputStream raw = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(raw)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries++;
        Path out = inside(root, entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    if (entries == 0) {
      throw new IOException("not a zip, jar, tar or gzipped tar archive, or an empty one");
    }
  }

  /**
   * A POSIX (ustar) or GNU tar stream: directories, regular files (owner-executable bit kept) and
   * GNU long names; links and devices are skipped, as nothing in a working directory needs them.
   */
  static void untar(InputStream in, Path targetDir) throws IOException {
    Files.createDirectories(targetDir);
    Path root = targetDir.toAbsolutePath().normalize();
    byte[] header = new byte[TAR_BLOCK];
    String longName = null;
    while (true) {
      if (in.readNBytes(header, 0, TAR_BLOCK) < TAR_BLOCK || isZeros(header)) {
        return; // end of archive (two zero blocks, or a truncated tail)
      }
      String name = longName != null ? longName : field(header, 0, 100);
      longName = null;
      String prefix = field(header, 345, 155);
      if (!prefix.isEmpty() && new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
        name = prefix + "/" + name;
      }
      long size = octal(header, 124, 12);
      int mode = (int) octal(header, 100, 8);
      char type = (char) header[156];
      if (type == 'L') { // GNU long name: the next entry's name is this entry's content
        longName = new String(readExactly(in, size), StandardCharsets.UTF_8).replace("\0", "");
        skipPadding(in, size);
        continue;
      }
      if (type == '5') {
        Files.createDirectories(inside(root, name));
      } else if (type == '0' || type == '\0' || type == '7') {
        Path out = inside(root, name);
        Files.createDirectories(out.getParent());
        try (var file = Files.newOutputStream(out)) {
          copy(in, file, size);
        }
        if ((mode & 0100) != 0) {
          Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(out);
          permissions.add(PosixFilePermission.OWNER_EXECUTE);
          Files.setPosixFilePermissions(out, permissions);
        }
        skipPadding(in, size);
        continue;
      } else {
        in.skipNBytes(size);
      }
      skipPadding(in, size);
    }
  }

  private static Path inside(Path root, String name) throws IOException {
    Path out = root.resolve(name).normalize();
    if (!out.startsWith(root)) {
      throw new IOException("archive entry '" + name + "' escapes the target directory");
    }
    return out;
  }

  private static boolean isZeros(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length) throws IOException {
    String text = field(header, offset, length).trim();
    try {
      return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      throw new IOException("not a tar archive: bad number '" + text + "' in an entry header");
    }
  }

  private static byte[] readExactly(InputStream in, long size) throws IOException {
    byte[] bytes = in.readNBytes((int) size);
    if (bytes.length < size) {
      throw new IOException("tar archive is truncated");
    }
    return bytes;
  }

  private static void copy(InputStream in, java.io.OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[8192];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("tar archive is truncated");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void skipPadding(InputStream in, long size) throws IOException {
    long padding = (TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK;
    in.skipNBytes(padding);
  }
}
