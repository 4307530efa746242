package io.weft.dist;

import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.common.config.WeftConfig;
import io.weft.nm.NmKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Regenerates the class list the NodeManagers dump their class-data-sharing archive from
 * (nodemanager's {@code io/weft/nm/launch/weft-jvms.classlist}, see docs/startup.md): runs Weft's own
 * container JVMs for real on a local cluster, each recording the classes it loads, and writes the
 * union. The applications cover every main class of Weft's containers: Pi in cluster mode (the AM
 * with the driver, executors), Pi in client mode (the launcher AM) and a distributed shell (its AM).
 *
 * <pre>{@code
 * ./mvnw -q package -DskipTests && WEFT_HOME=dist/target/weft java -cp 'dist/target/weft/lib/*' \
 *     io.weft.dist.CdsClassList nodemanager/src/main/resources/io/weft/nm/launch/weft-jvms.classlist
 * }</pre>
 */
public final class CdsClassList {
  /** Generated at run time, so never found when dumping. */
  private static final Pattern DYNAMIC_PROXY = Pattern.compile("^(jdk/proxy\\d+|com/sun/proxy)/\\$Proxy");

  private CdsClassList() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: CdsClassList <class list file to write>");
      System.exit(2);
    }
    Path output = Path.of(args[0]);
    Path workDir = WorkDirs.fresh("weft-cds-class-list");
    Path lists = Files.createDirectories(workDir.resolve("class-lists"));
    WeftConfig config = WeftConfig.of(Map.of(NmKeys.WEFT_JVM_CDS.key(), "false",
        NmKeys.WEFT_JVM_OPTIONS.key(), "-XX:DumpLoadedClassList=" + lists + "/%p.classlist"));
    String examplesJar = WeftHome.examplesJar().toString();
    try (LocalCluster cluster = LocalCluster.builder(workDir).nodeManagers(2).config(config).build()) {
      cluster.start();
      WeftCli cli = new WeftCli(new CliContext(cluster.clientConfig(), System.out, System.err));
      for (String mode : List.of("cluster", "client")) {
        run(cli, "submit", "--deploy-mode", mode, "--class", "io.weft.examples.Pi", "--num-executors", "2",
            "--executor-memory", "256m", "--driver-memory", "256m", examplesJar, "4");
      }
      run(cli, "distributed-shell", "--shell-command", "true", "--num-containers", "2", "--container-memory", "128m");
    }
    List<String> classes = union(lists);
    Files.write(output, classes);
    System.out.printf("%s: %d classes recorded by the container JVMs of %s%n", output, classes.size(), workDir);
  }

  private static void run(WeftCli cli, String... args) {
    int exit = cli.run(args);
    if (exit != 0) {
      throw new IllegalStateException("weft " + String.join(" ", args) + " exited with " + exit);
    }
  }

  /** Every class list line of every JVM, once, in the order first seen (comments dropped). */
  private static List<String> union(Path lists) throws IOException {
    Set<String> lines = new LinkedHashSet<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(lists)) {
      files = listing.sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no container JVM recorded a class list in " + lists);
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank() && !line.startsWith("#") && !DYNAMIC_PROXY.matcher(line).find()) {
          lines.add(line);
        }
      }
    }
    return new ArrayList<>(lines);
  }
}
