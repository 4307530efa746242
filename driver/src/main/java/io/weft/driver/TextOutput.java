package io.weft.driver;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;
import java.util.Iterator;

/**
 * {@code saveAsTextFile}'s format: one line per element's {@code toString} in the partition's
 * {@code part-NNNNN}, written and committed through the job's {@link OutputCommitter}.
 */
final class TextOutput {
  private TextOutput() {}

  /** Writes one partition; runs on an executor. */
  static <T> Iterator<Void> write(OutputCommitter committer, int partition, Iterator<T> values) {
    committer.writeTask(partition, part -> {
      try (BufferedWriter writer = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
        while (values.hasNext()) {
          writer.write(String.valueOf(values.next()));
          writer.write('\n');
        }
      }
    });
    return Collections.emptyIterator();
  }
}
