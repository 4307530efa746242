package io.weft.dist;

import io.weft.common.id.ApplicationId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds container log files of a local cluster: {@code <nm>/logs/<app>/<container>/<file>}. It lists only those
 * directories: a walk of the whole work directory also entered the NMs' local directories, which the NMs delete as
 * applications end, and failed when one went while it was being walked.
 */
public final class ContainerLogs {
  private ContainerLogs() {}

  /** The log {@code file} of the newest attempt's AM container (container number 1) of {@code app}. */
  public static Optional<Path> amLog(LocalCluster cluster, ApplicationId app, String file) {
    return amLog(cluster.workDir(), app, file);
  }

  static Optional<Path> amLog(Path workDir, ApplicationId app, String file) {
    return logs(workDir, app, file).stream()
        .filter(p -> p.getParent().getFileName().toString().endsWith("_000001"))
        .max(Comparator.comparing(p -> p.getParent().getFileName().toString()));
  }

  /** The log {@code file} of every container of {@code app}, in container-id order. */
  public static List<Path> all(LocalCluster cluster, ApplicationId app, String file) {
    return all(cluster.workDir(), app, file);
  }

  static List<Path> all(Path workDir, ApplicationId app, String file) {
    return logs(workDir, app, file).stream()
        .sorted(Comparator.comparing(p -> p.getParent().getFileName().toString()))
        .toList();
  }

  private static List<Path> logs(Path workDir, ApplicationId app, String file) {
    List<Path> logs = new ArrayList<>();
    for (Path nm : entries(workDir)) {
      for (Path container : entries(nm.resolve("logs").resolve(app.toString()))) {
        Path log = container.resolve(file);
        if (Files.isRegularFile(log)) {
          logs.add(log);
        }
      }
    }
    return logs;
  }

  /** The entries of {@code dir}; none when it is not a directory or no longer exists. */
  private static List<Path> entries(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList();
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search " + dir + " for logs: " + e.getMessage(), e);
    }
  }
}
