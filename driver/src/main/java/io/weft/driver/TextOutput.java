package io.weft.driver;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code saveAsTextFile}: each partition writes {@code part-NNNNN} (one line per element's
 * {@code toString}) into the output directory, through a temporary file renamed at the end so a
 * retried task never leaves half a file.
 */
final class TextOutput {
  private TextOutput() {}

  /** Checks and creates the output directory on the driver; it must not exist or be empty. */
  static String prepare(String dir) {
    Path out = Path.of(dir).toAbsolutePath();
    try {
      if (Files.exists(out)) {
        try (Stream<Path> entries = Files.list(out)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalArgumentException("output directory " + out + " already exists and is not empty");
          }
        }
      }
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output directory " + out + ": " + e.getMessage(), e);
    }
    return out.toString();
  }

  /** Writes one partition; runs on an executor. */
  static <T> Iterator<Void> write(String dir, int partition, Iterator<T> values) {
    Path part = Path.of(dir, String.format(Locale.ROOT, "part-%05d", partition));
    Path temp = Path.of(dir, "." + part.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (BufferedWriter writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        while (values.hasNext()) {
          writer.write(String.valueOf(values.next()));
          writer.write('\n');
        }
      }
      Files.move(temp, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + part + ": " + e.getMessage(), e);
    }
    return Collections.emptyIterator();
  }
}
