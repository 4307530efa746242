package io.weft.it.chaos;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.it.recovery.Jobs;
import io.weft.it.recovery.ProcessCluster;
import io.weft.it.recovery.ProcessCluster.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One application of a chaos run: how it is submitted, and what its right answer is. Each has a
 * unique name ({@code chaos-<n>-<kind>}), by which its id is found at the RM.
 */
final class ChaosApplication {
  enum Kind {
    /** WordCount on the corpus, the driver in the AM's container. */
    WORDCOUNT_CLUSTER("wordcount-cluster", true),
    /** WordCount on the corpus, the driver in a client JVM of its own. */
    WORDCOUNT_CLIENT("wordcount-client", true),
    /** SalesByCountry, a join then a sum by key (two shuffles), cluster mode; the answer is the AM's stdout. */
    SALES_BY_COUNTRY("sales-by-country", true),
    /** A distributed shell of 3 containers. */
    DISTRIBUTED_SHELL("distributed-shell", false);

    final String label;
    /** Its non-AM containers are executors of a driver, which it replaces when they die. */
    final boolean hasExecutors;

    Kind(String label, boolean hasExecutors) {
      this.label = label;
      this.hasExecutors = hasExecutors;
    }
  }

  static final int SALES_CUSTOMERS = 20_000;
  /** What a client-mode driver logs once its ExecutorLauncher application is submitted. */
  private static final Pattern CLIENT_SUBMITTED = Pattern.compile("submitted ExecutorLauncher (application_\\d+_\\d+)");
  static final int SHELL_CONTAINERS = 3;

  final Kind kind;
  final String name;
  private final Path dataDir;
  private volatile ApplicationId id;
  private CompletableFuture<CliRun> run;
  private Optional<ProcessHandle> clientProcess = Optional.empty();
  private Instant submittedAt;
  private int killsBeforeSubmission;
  private int killsBeforeEnd = Integer.MAX_VALUE;

  ChaosApplication(int number, Kind kind, Path dataDir) {
    this.kind = kind;
    this.name = "chaos-" + number + "-" + kind.label;
    this.dataDir = dataDir;
  }

  /** Submits it; {@code submit} follows it to its end, in this JVM or (client mode) in a JVM of its own. */
  void submit(ProcessCluster cluster, Map<String, String> conf, Path corpus, int killsSoFar) {
    submittedAt = Instant.now();
    killsBeforeSubmission = killsSoFar;
    String wordCountInput = corpus.toString();
    switch (kind) {
      case WORDCOUNT_CLUSTER -> run = cluster.cliInBackground(
          submit("cluster", "io.weft.examples.WordCount", wordCountInput, output().toString(), "4"));
      case SALES_BY_COUNTRY -> run = cluster.cliInBackground(
          submit("cluster", "io.weft.examples.SalesByCountry", Integer.toString(SALES_CUSTOMERS), "4"));
      case WORDCOUNT_CLIENT -> {
        ClientJvm.Started client = ClientJvm.start(cluster, conf, dataDir, name,
            submit("client", "io.weft.examples.WordCount", wordCountInput, output().toString(), "4"));
        clientProcess = Optional.of(client.process());
        run = client.run();
      }
      case DISTRIBUTED_SHELL -> run = cluster.cliInBackground("distributed-shell", "--name", name,
          "--num-containers", Integer.toString(SHELL_CONTAINERS), "--shell-command", "sleep 6; echo done",
          "--container-memory", "128m");
      default -> throw new IllegalStateException(kind.toString());
    }
  }

  /** {@code weft submit} of an examples class with 2 small executors. */
  private String[] submit(String deployMode, String mainClass, String... appArgs) {
    List<String> args = new ArrayList<>(List.of("submit", "--deploy-mode", deployMode, "--class", mainClass,
        "--name", name, "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "384m",
        "--driver-memory", "384m", ProcessCluster.EXAMPLES_JAR.toString()));
    args.addAll(List.of(appArgs));
    return args.toArray(String[]::new);
  }

  Path output() {
    return dataDir.resolve(name + "-out");
  }

  CompletableFuture<CliRun> run() {
    return run;
  }

  boolean ended() {
    return run.isDone();
  }

  /** Noted once it is seen to have ended: the kills made so far are the last that can have touched it. */
  void noteEnd(int killsSoFar) {
    killsBeforeEnd = killsSoFar;
  }

  /** Kills numbered above this and up to {@link #killsBeforeEnd()} were made while it was in flight. */
  int killsBeforeSubmission() {
    return killsBeforeSubmission;
  }

  int killsBeforeEnd() {
    return killsBeforeEnd;
  }

  Duration age() {
    return Duration.between(submittedAt, Instant.now());
  }

  /** The client JVM of a client-mode application. */
  Optional<ProcessHandle> clientProcess() {
    return clientProcess;
  }

  /**
   * Its id once the RM has it: looked up by name, or, in client mode (where the driver's own app name
   * wins over {@code --name}, as in Spark), read from the client's log line that submitted it.
   */
  Optional<ApplicationId> id(Collection<ApplicationReport> known) {
    if (id == null && kind == Kind.WORDCOUNT_CLIENT) {
      Matcher m = CLIENT_SUBMITTED.matcher(readIfExists(dataDir.resolve(name + ".err")));
      if (m.find()) {
        id = ApplicationId.parse(m.group(1));
      }
    } else if (id == null) {
      known.stream().filter(r -> r.getName().equals(name)).findFirst()
          .ifPresent(r -> id = r.getApplicationId());
    }
    return Optional.ofNullable(id);
  }

  private static String readIfExists(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Optional<ApplicationId> id() {
    return Optional.ofNullable(id);
  }

  boolean owns(String containerId) {
    return id != null && Jobs.belongsTo(containerId, id);
  }

  /**
   * What is wrong with its answer, given that it says it succeeded; empty when the answer is right.
   * WordCount: the part files against {@code expectedCounts}. SalesByCountry: the last AM attempt's
   * stdout against {@link Answers#salesByCountry}. Distributed shell: every container exited 0.
   */
  Optional<String> wrongAnswer(ProcessCluster cluster, CliRun run, List<String> expectedCounts) {
    List<String> expected;
    List<String> actual;
    switch (kind) {
      case WORDCOUNT_CLUSTER, WORDCOUNT_CLIENT -> {
        if (!Files.isDirectory(output())) {
          return Optional.of("no output directory " + output());
        }
        expected = expectedCounts;
        actual = Jobs.partLines(output());
      }
      case SALES_BY_COUNTRY -> {
        expected = Answers.salesByCountry(SALES_CUSTOMERS);
        actual = lastAmStdout(cluster).stream().filter(l -> l.matches("[A-Z]{2}\t\\d+")).toList();
      }
      case DISTRIBUTED_SHELL -> {
        String summary = SHELL_CONTAINERS + " containers: " + SHELL_CONTAINERS + " succeeded";
        return run.out().contains(summary) ? Optional.empty()
            : Optional.of("no '" + summary + "' in the output of distributed-shell");
      }
      default -> throw new IllegalStateException(kind.toString());
    }
    if (actual.equals(expected)) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(actual);
    List<String> extra = new ArrayList<>(actual);
    extra.removeAll(expected);
    return Optional.of(actual.size() + " lines instead of " + expected.size() + "; missing " + head(missing)
        + "; unexpected " + head(extra));
  }

  private static String head(List<String> lines) {
    return lines.size() <= 5 ? lines.toString() : lines.subList(0, 5) + " and " + (lines.size() - 5) + " more";
  }

  /**
   * The stdout of the AM container of its highest attempt, on whichever NM ran it: the attempt's
   * first container, the lowest id. (Not "the one ending _000001": after an RM restart, the new
   * epoch's first container of a running attempt is an executor, container_e02_…_01_000001, as in YARN.)
   */
  private List<String> lastAmStdout(ProcessCluster cluster) {
    Optional<Path> last = Optional.empty();
    ContainerId am = null;
    for (int i = 0; i < cluster.nodeManagers(); i++) {
      Path appLogs = cluster.nmLogDir(i).resolve(id.toString());
      if (!Files.isDirectory(appLogs)) {
        continue;
      }
      try (Stream<Path> containers = Files.list(appLogs)) {
        for (Path container : containers.toList()) {
          ContainerId candidate = ContainerId.parse(container.getFileName().toString());
          if (am == null || candidate.attemptId().attempt() > am.attemptId().attempt()
              || (candidate.attemptId().attempt() == am.attemptId().attempt() && candidate.compareTo(am) < 0)) {
            am = candidate;
            last = Optional.of(container.resolve("stdout"));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return last.filter(Files::exists).isPresent() ? Files.readAllLines(last.get()) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True once the RM's report of it is final. */
  static boolean isFinal(ApplicationReport report) {
    return WeftClient.isFinal(report.getYarnApplicationState());
  }

  static boolean succeeded(ApplicationReport report) {
    return report.getYarnApplicationState() == YarnApplicationState.FINISHED
        && report.getFinalApplicationStatus() == FinalApplicationStatus.SUCCEEDED;
  }

  @Override
  public String toString() {
    return name + (id == null ? "" : " (" + id + ")");
  }
}
