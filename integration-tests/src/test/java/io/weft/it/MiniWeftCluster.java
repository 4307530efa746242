package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.client.WeftClient;
import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.dist.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real RM and NMs in the test JVM (ephemeral ports, a temp work dir), with every container a
 * real child JVM. Adds what tests need on top of {@link LocalCluster}: running the CLI with
 * captured output and finding container processes that are still alive.
 */
final class MiniWeftCluster implements AutoCloseable {
  /** The examples jar, built by the examples module and kept off the test classpath. */
  static final Path EXAMPLES_JAR = Path.of(System.getProperty("weft.test.examplesJar", "missing-examples.jar"));

  private final LocalCluster cluster;

  MiniWeftCluster(Path workDir, int nodeManagers, WeftConfig config) {
    this(workDir, nodeManagers, config, false);
  }

  /** With {@code secure}, as {@code local-cluster --secure}: TLS everywhere with certificates of a new CA. */
  MiniWeftCluster(Path workDir, int nodeManagers, WeftConfig config, boolean secure) {
    cluster = LocalCluster.builder(workDir).nodeManagers(nodeManagers).config(config).secure(secure).build();
    cluster.start();
  }

  /** A cluster as {@code builder} describes it (e.g. small nodes, so each container has a node to itself). */
  MiniWeftCluster(LocalCluster.Builder builder) {
    cluster = builder.build();
    cluster.start();
  }

  LocalCluster cluster() {
    return cluster;
  }

  WeftClient client() {
    return WeftClient.connect(cluster.clientConfig());
  }

  /** Runs {@code bin/weft <args>}'s client side against this cluster. */
  CliRun cli(String... args) {
    return cli(cluster.clientConfig(), args);
  }

  /** As {@link #cli(String...)} with {@code clientConfig} (e.g. another user's certificate). */
  CliRun cli(WeftConfig clientConfig, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new WeftCli(new CliContext(clientConfig, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).run(args);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** As {@link #cli(String...)} with a command bin/weft adds beyond the client's (dist's {@code jobserver}). */
  CliRun cli(java.util.function.Function<CliContext, Object> command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext context = new CliContext(cluster.clientConfig(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit = new WeftCli(context).run(List.of(command.apply(context)), args);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Live processes whose working directory is inside this cluster's work dir: its containers. */
  List<ProcessHandle> containerProcesses() {
    Path workDir = cluster.workDir().toAbsolutePath().normalize();
    return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> cwd(p).map(dir -> dir.startsWith(workDir)).orElse(false)).toList();
  }

  private static java.util.Optional<Path> cwd(ProcessHandle process) {
    try {
      return java.util.Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return java.util.Optional.empty();
    }
  }

  /** Container directories (named by container id) that hold logs of {@code appId}, per NM index. */
  List<String> containerLogDirs(int nodeManager, String appId) {
    Path dir = cluster.workDir().resolve("nm-" + nodeManager).resolve("logs").resolve(appId);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    cluster.close();
  }

  record CliRun(int exit, String out, String err) {
    private static final Pattern SUBMITTED = Pattern.compile("Submitted application (application_\\d+_\\d+)");

    /** The application {@code submit} (or distributed-shell) said it submitted; fails when it said none. */
    ApplicationId submittedApplication() {
      Matcher m = SUBMITTED.matcher(out);
      assertThat(m.find()).as("submit printed the application id\n%s", this)
          .isTrue();
      return ApplicationId.parse(m.group(1));
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
