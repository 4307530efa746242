package io.weft.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import io.weft.it.recovery.ProcessCluster.CliRun;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the recovery tests submit and how they read the answers: ids, container launches, logs, WordCount output. */
public final class Jobs {
  public static final Duration APP_TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern SUBMITTED = Pattern.compile("Submitted application (application_\\d+_\\d+)");
  /** The NM's transition log line of a container whose process started (Container.move in the NM). */
  private static final Pattern LAUNCHED = Pattern.compile(
      "(container_[0-9e_]+) SCHEDULED -> RUNNING on launched as pid (\\d+)");

  private Jobs() {}

  /** {@code weft submit} arguments of a job with 2 executors of 512 MB. */
  static String[] submit(String deployMode, String mainClass, String... appArgs) {
    List<String> args = new ArrayList<>(List.of("submit", "--deploy-mode", deployMode, "--class", mainClass,
        "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "512m", "--driver-memory", "512m"));
    args.add(ProcessCluster.EXAMPLES_JAR.toString());
    args.addAll(List.of(appArgs));
    return args.toArray(String[]::new);
  }

  public static ApplicationId submittedId(CliRun run) {
    Matcher m = SUBMITTED.matcher(run.out());
    assertThat(m.find()).as("the command printed the application id\n%s", run).isTrue();
    return ApplicationId.parse(m.group(1));
  }

  static Set<String> applicationIds(ProcessCluster cluster) {
    try (WeftClient client = cluster.client()) {
      return client.getApplications().stream().map(r -> r.getApplicationId().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** Every ended application the RM reports: id -> state, final status, diagnostics. */
  static Map<String, String> endedApplications(ProcessCluster cluster) {
    Map<String, String> ended = new TreeMap<>();
    try (WeftClient client = cluster.client()) {
      for (ApplicationReport r : client.getApplications()) {
        if (WeftClient.isFinal(r.getYarnApplicationState())) {
          ended.put(r.getApplicationId().toString(), r.getYarnApplicationState() + " " + r.getFinalApplicationStatus()
              + " " + r.getDiagnostics());
        }
      }
    }
    return ended;
  }

  public static ApplicationReport report(ProcessCluster cluster, ApplicationId id) {
    try (WeftClient client = cluster.client()) {
      return client.getApplicationReport(id);
    }
  }

  /** The one application the RM knows that is not in {@code before}, once there is one. */
  static ApplicationId awaitNewApplication(ProcessCluster cluster, Set<String> before) {
    String id = await("a new application at the RM (known before: " + before + ")").atMost(APP_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> applicationIds(cluster).stream().filter(a -> !before.contains(a)).findFirst(),
            java.util.Optional::isPresent).orElseThrow();
    return ApplicationId.parse(id);
  }

  /**
   * Returns once {@code app} is RUNNING at the RM and at least {@code containers} of its non-AM
   * containers have live processes: the moment to pull the rug.
   */
  static Map<String, Set<Long>> awaitRunningWithContainers(ProcessCluster cluster, ApplicationId app, int containers) {
    await(app + " RUNNING with " + containers + " container process(es) besides the AM").atMost(APP_TIMEOUT)
        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
          ApplicationReport report = report(cluster, app);
          if (WeftClient.isFinal(report.getYarnApplicationState())) {
            throw new IllegalStateException(app + " ended " + report.getYarnApplicationState() + " before it ran: "
                + report.getDiagnostics());
          }
          assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.RUNNING);
          assertThat(nonAmContainerPids(cluster, app)).as("container processes of %s by container", app)
              .hasSizeGreaterThanOrEqualTo(containers);
        });
    return nonAmContainerPids(cluster, app);
  }

  /**
   * Returns once {@code app} is RUNNING with at least {@code executors} executor containers whose
   * executor has registered with the driver (its container's stderr says so): tasks are running.
   * Returns their live processes by container id.
   */
  static Map<String, Set<Long>> awaitExecutorsRegistered(ProcessCluster cluster, ApplicationId app, int executors) {
    awaitRunningWithContainers(cluster, app, executors);
    await(executors + " executor(s) of " + app + " registered with the driver").atMost(APP_TIMEOUT)
        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(registeredExecutors(cluster, app))
            .as("executor containers of %s whose executor registered", app).hasSizeGreaterThanOrEqualTo(executors));
    Set<String> registered = registeredExecutors(cluster, app);
    Map<String, Set<Long>> pids = new TreeMap<>(nonAmContainerPids(cluster, app));
    pids.keySet().retainAll(registered);
    return pids;
  }

  /** Containers of {@code app} whose stderr has the executor's "registered with the driver" line. */
  static Set<String> registeredExecutors(ProcessCluster cluster, ApplicationId app) {
    Set<String> registered = new TreeSet<>();
    for (int i = 0; i < cluster.nodeManagers(); i++) {
      Path appLogs = cluster.nmLogDir(i).resolve(app.toString());
      for (String container : containerLogDirsOf(appLogs)) {
        Path stderr = appLogs.resolve(container).resolve("stderr");
        if (!isAmContainer(container) && contains(stderr, "registered with the driver of " + app)) {
          registered.add(container);
        }
      }
    }
    return registered;
  }

  private static boolean contains(Path file, String text) {
    try {
      return Files.exists(file) && Files.readString(file).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> containerLogDirsOf(Path appLogs) {
    if (!Files.isDirectory(appLogs)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(appLogs)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Live processes of the app's containers other than its AMs, by container id. */
  static Map<String, Set<Long>> nonAmContainerPids(ProcessCluster cluster, ApplicationId app) {
    Map<String, Set<Long>> pids = new TreeMap<>();
    cluster.containerPids().forEach((container, p) -> {
      if (belongsTo(container, app) && !isAmContainer(container)) {
        pids.put(container, p);
      }
    });
    return pids;
  }

  /** True for {@code container_[e<epoch>_]<ts>_<seq>_<attempt>_<n>} of {@code app}. */
  public static boolean belongsTo(String containerId, ApplicationId app) {
    String suffix = app.toString().substring("application_".length());
    return containerId.contains("_" + suffix + "_");
  }

  /** Container number 1 of an attempt is its AM. */
  public static boolean isAmContainer(String containerId) {
    return containerId.endsWith("_000001");
  }

  /** How often each container of {@code app} was launched (a process started for it), across every NM's whole log. */
  static Map<String, Integer> launches(ProcessCluster cluster, ApplicationId app) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < cluster.nodeManagers(); i++) {
      Matcher m = LAUNCHED.matcher(cluster.nmLog(i));
      while (m.find()) {
        if (belongsTo(m.group(1), app)) {
          counts.merge(m.group(1), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  /**
   * The app's containers were each launched once, and its only AM container is attempt 1's: no
   * container was started again, no second attempt was made. Returns the launched container ids.
   */
  static Set<String> assertEveryContainerLaunchedOnce(ProcessCluster cluster, ApplicationId app) {
    Map<String, Integer> launches = launches(cluster, app);
    assertThat(launches).as("container launches of %s in the NMs' logs", app).isNotEmpty()
        .allSatisfy((container, count) -> assertThat(count).as("launches of %s", container).isEqualTo(1));
    assertThat(launches.keySet().stream().filter(Jobs::isAmContainer).toList())
        .as("AM containers of %s", app).hasSize(1).allMatch(c -> c.endsWith("_01_000001"));
    assertThat(containerLogDirs(cluster, app)).as("container log dirs of %s on every NM", app)
        .containsExactlyInAnyOrderElementsOf(launches.keySet());
    return launches.keySet();
  }

  /** Container directories under every NM's log dir that hold logs of {@code app}. */
  static List<String> containerLogDirs(ProcessCluster cluster, ApplicationId app) {
    List<String> dirs = new ArrayList<>();
    for (int i = 0; i < cluster.nodeManagers(); i++) {
      dirs.addAll(containerLogDirsOn(cluster, i, app));
    }
    return dirs.stream().sorted().toList();
  }

  /** Container directories of {@code app} under NM {@code i}'s log dir: the containers that NM ran. */
  static List<String> containerLogDirsOn(ProcessCluster cluster, int i, ApplicationId app) {
    return containerLogDirsOf(cluster.nmLogDir(i).resolve(app.toString()));
  }

  /** A log file ({@code stdout}, {@code stderr}) of attempt 1's AM container of {@code app}, whichever NM ran it. */
  static String amLog(ProcessCluster cluster, ApplicationId app, String file) {
    for (int i = 0; i < cluster.nodeManagers(); i++) {
      Path dir = cluster.nmLogDir(i).resolve(app.toString());
      if (Files.isDirectory(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          for (Path container : entries.filter(p -> p.getFileName().toString().endsWith("_01_000001")).toList()) {
            return Files.readString(container.resolve(file));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new AssertionError("no AM container log dir of " + app + " on any NM");
  }

  /** Every line of the {@code part-*} files of a job's output dir, in file order. */
  public static List<String> partLines(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> lines = new ArrayList<>();
      for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code lines} lines of 12 words drawn (seeded) from a vocabulary of {@code vocabulary}
   * lower-case words to {@code file}, and returns WordCount's expected output for it: {@code word<TAB>count}
   * sorted by word, as counted here in plain Java.
   */
  public static List<String> writeWordCountInput(Path file, int lines, int vocabulary, long seed) {
    Random random = new Random(seed);
    String[] words = new String[vocabulary];
    for (int i = 0; i < vocabulary; i++) {
      words[i] = "w" + Integer.toString(i * 7919 + 13, 36);
    }
    Map<String, Long> counts = new TreeMap<>();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      for (int l = 0; l < lines; l++) {
        line.setLength(0);
        for (int w = 0; w < 12; w++) {
          // skewed: a few words are very common, as in text
          String word = words[(int) (vocabulary * Math.pow(random.nextDouble(), 3))];
          counts.merge(word, 1L, Long::sum);
          line.append(w == 0 ? "" : " ").append(word);
        }
        out.append(line).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()).toList();
  }
}
