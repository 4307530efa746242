package io.weft.client.submit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code --driver-class-path} entries as {@code java -cp} reads them: {@code dir/*} is every jar in dir. */
final class ClassPathEntries {
  private ClassPathEntries() {}

  static List<Path> expand(List<String> entries) {
    List<Path> paths = new ArrayList<>();
    for (String entry : entries) {
      if (entry.endsWith("/*") || entry.equals("*")) {
        Path dir = Path.of(entry.substring(0, entry.length() - 1).isEmpty() ? "." : entry.substring(0,
            entry.length() - 1)).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
          continue; // as java -cp: a wildcard of a missing directory adds nothing
        }
        try (Stream<Path> jars = Files.list(dir)) {
          jars.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jar")).sorted()
              .forEach(paths::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        paths.add(Path.of(entry).toAbsolutePath());
      }
    }
    return paths;
  }
}
