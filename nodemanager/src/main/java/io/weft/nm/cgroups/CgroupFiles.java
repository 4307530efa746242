package io.weft.nm.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads and writes cgroup control files, with errors that name the file. */
final class CgroupFiles {
  private CgroupFiles() {}

  static void write(Path file, String value) throws IOException {
    try {
      Files.writeString(file, value, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IOException("cannot write '" + value + "' to " + file + ": " + e, e);
    }
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  /**
   * The number after {@code key} in a flat keyed file ({@code oom_kill 3}); with an empty key, the
   * file's single number. -1 when the file or key is absent.
   */
  static long counter(Path file, String key) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return -1;
    }
    for (String line : lines) {
      String[] kv = line.trim().split("\\s+");
      if (key.isEmpty() && kv.length == 1 && !kv[0].isEmpty()) {
        return Long.parseLong(kv[0]);
      }
      if (kv.length == 2 && kv[0].equals(key)) {
        return Long.parseLong(kv[1]);
      }
    }
    return -1;
  }
}
