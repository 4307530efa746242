package io.weft.client.cli;

import io.weft.common.rpc.WeftException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft classpath [--glob]}, as {@code yarn classpath}: what a program that uses Weft's client library needs on
 * its class path, the configuration directory then the installation's {@code lib/*}. The installation is
 * {@code $WEFT_HOME} (bin/weft sets it), else the directory above the jar this runs from.
 */
@Command(name = "classpath", description = "Print the class path a Weft client or application needs: the "
    + "configuration directory and the installation's lib/*.", mixinStandardHelpOptions = true)
final class ClasspathCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "--glob", description = "list every jar of lib/ instead of the wildcard lib/*")
  boolean glob;

  ClasspathCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Path home = home().orElseThrow(() -> WeftException.failedPrecondition("no Weft installation found: set "
        + "WEFT_HOME to the directory that holds lib/ (bin/weft sets it)"));
    String confDir = Optional.ofNullable(System.getenv("WEFT_CONF_DIR")).filter(d -> !d.isBlank())
        .orElse(home.resolve("conf").toString());
    List<String> entries = new ArrayList<>();
    entries.add(confDir);
    Path lib = home.resolve("lib");
    if (glob) {
      entries.addAll(jars(lib));
    } else {
      entries.add(lib + File.separator + "*");
    }
    context.out().println(String.join(File.pathSeparator, entries));
    return 0;
  }

  private static Optional<Path> home() {
    String env = System.getenv("WEFT_HOME");
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env).toAbsolutePath().normalize());
    }
    // lib/weft-client-<version>.jar in an installation
    return BuildInfo.codeLocation().filter(Files::isRegularFile).map(Path::getParent)
        .filter(dir -> dir.getFileName() != null && dir.getFileName().toString().equals("lib"))
        .map(Path::getParent);
  }

  private static List<String> jars(Path lib) {
    try (Stream<Path> files = Files.list(lib)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().map(Path::toString).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + lib + ": " + e.getMessage(), e);
    }
  }
}
