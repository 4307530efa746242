package io.weft.dist;

import io.weft.common.id.ApplicationId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds container log files of a local cluster: {@code <nm>/logs/<app>/<container>/<file>}. */
public final class ContainerLogs {
  private ContainerLogs() {}

  /** The log {@code file} of the newest attempt's AM container (container number 1) of {@code app}. */
  public static Optional<Path> amLog(LocalCluster cluster, ApplicationId app, String file) {
    try (Stream<Path> paths = Files.walk(cluster.workDir(), 5)) {
      return paths
          .filter(p -> p.getFileName().toString().equals(file))
          .filter(p -> p.getParent().getParent().getFileName().toString().equals(app.toString()))
          .filter(p -> p.getParent().getFileName().toString().endsWith("_000001"))
          .max(Comparator.comparing(p -> p.getParent().getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search " + cluster.workDir() + " for logs: " + e.getMessage(), e);
    }
  }

  /** The log {@code file} of every container of {@code app}, in container-id order. */
  public static List<Path> all(LocalCluster cluster, ApplicationId app, String file) {
    try (Stream<Path> paths = Files.walk(cluster.workDir(), 5)) {
      return paths
          .filter(p -> p.getFileName().toString().equals(file))
          .filter(p -> p.getParent().getParent().getFileName().toString().equals(app.toString()))
          .sorted(Comparator.comparing(p -> p.getParent().getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search " + cluster.workDir() + " for logs: " + e.getMessage(), e);
    }
  }
}
