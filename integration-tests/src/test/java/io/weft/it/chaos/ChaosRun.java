package io.weft.it.chaos;

import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.common.id.ApplicationId;
import io.weft.it.chaos.ChaosApplication.Kind;
import io.weft.it.chaos.Outcome.Verdict;
import io.weft.it.recovery.Jobs;
import io.weft.it.recovery.ProcessCluster;
import io.weft.it.recovery.ProcessCluster.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One chaos run: a cluster of daemon processes, the plan's applications submitted (at most
 * {@code concurrency} in flight; the first four one of each kind in a seeded order, then each kind
 * drawn), the {@link Killer} at work meanwhile; then every application is judged against its
 * answer and the kills made while it ran, and the cluster is checked for anything left running.
 */
final class ChaosRun {
  /**
   * Clients and AMs ride out an RM restart; an NM silent for 10 s is LOST, so an NM that stays down
   * longer than that (the killer draws 0.5-16.5 s) comes back to a node the RM gave up on.
   */
  static final Map<String, String> CONF = Map.of("weft.resourcemanager.connect.max-wait-ms", "120000",
      "weft.nm.liveness-monitor.expiry-interval-ms", "10000");
  /** An application still running this long after its submission is hung (the CI run's apps take well under one). */
  static final Duration HUNG_AFTER = Duration.ofMinutes(6);
  private static final Duration SETTLE = Duration.ofMinutes(2);
  /** What a client prints when it loses the RM and when it reaches it again (OutageReporter). */
  private static final Pattern RM_OUTAGE_NOTICE = Pattern.compile(
      "lost the ResourceManager at \\S+ \\(.*\\); retrying .*|reconnected to the ResourceManager at \\S+");
  /** A Log4j line of a client JVM (log4j2-test.xml's pattern). */
  private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +[A-Z]+ +\\[");

  private final ChaosPlan plan;
  private final Path workDir;
  private final Consumer<String> log;
  private final List<ChaosApplication> inFlight = new CopyOnWriteArrayList<>();

  ChaosRun(ChaosPlan plan, Path workDir, Consumer<String> log) {
    this.plan = plan;
    this.workDir = workDir;
    Path logFile = workDir.resolve("chaos.log");
    this.log = line -> {
      String stamped = LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + line;
      log.accept(stamped);
      try {
        Files.writeString(logFile, stamped + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  ChaosReport run() {
    String loadAtStart = loadAverage();
    Path data = createDirectories(workDir.resolve("data"));
    Path corpus = data.resolve("words.txt");
    List<String> expectedCounts = Jobs.writeWordCountInput(corpus, plan.corpusLines(), 20_000, plan.seed());
    List<ChaosApplication> ended = new ArrayList<>();
    List<Outcome> hung = new ArrayList<>();
    ContainerProcesses containerProcesses = new ContainerProcesses();
    log.accept("chaos run: " + plan);
    try (ProcessCluster cluster = new ProcessCluster(workDir.resolve("cluster"), plan.nodeManagers(), CONF).start()) {
      Instant start = Instant.now();
      Killer killer = new Killer(cluster, plan, () -> List.copyOf(inFlight), log);
      killer.start(start);
      try {
        submitAndFollow(cluster, killer, start, corpus, data, containerProcesses, ended, hung);
      } finally {
        killer.stop();
      }
      Duration elapsed = Duration.between(start, Instant.now());
      List<Outcome> outcomes = new ArrayList<>();
      for (ChaosApplication app : ended) {
        outcomes.add(judge(cluster, app, killer.kills(), expectedCounts));
      }
      outcomes.addAll(hung);
      List<String> leftovers = leftovers(cluster, containerProcesses, ended);
      return new ChaosReport(plan, elapsed, outcomes, killer.kills(), killer.problems(), leftovers,
          loadAtStart + " / " + loadAverage());
    }
  }

  /**
   * Submits the plan's applications, at most {@code concurrency} in flight, until it has submitted
   * them all (or its time is up) and every one has ended or hung; a hung one is killed.
   */
  private void submitAndFollow(ProcessCluster cluster, Killer killer, Instant start, Path corpus, Path data,
      ContainerProcesses containerProcesses, List<ChaosApplication> ended, List<Outcome> hung) {
    Random draws = new Random(plan.seed());
    List<Kind> oneOfEach = new ArrayList<>(List.of(Kind.values()));
    Collections.shuffle(oneOfEach, draws);
    int submitted = 0;
    while (true) {
      containerProcesses.sample(cluster);
      resolveIds(cluster, inFlight);
      for (ChaosApplication app : inFlight) {
        if (app.ended()) {
          app.noteEnd(killer.kills().size());
          inFlight.remove(app);
          ended.add(app);
          log.accept(app + " ended: " + app.run().join().toString().lines().findFirst().orElse(""));
        } else if (app.age().compareTo(HUNG_AFTER) > 0) {
          inFlight.remove(app);
          hung.add(new Outcome(app, Verdict.HUNG, "still running " + app.age().toSeconds() + " s after its"
              + " submission; at the RM: " + stateAtRm(cluster, app)));
          log.accept(app + " hung; killing it");
          giveUp(cluster, app);
        }
      }
      Duration elapsed = Duration.between(start, Instant.now());
      boolean submitting = submitted < plan.applications()
          && plan.submitFor().map(d -> elapsed.compareTo(d) < 0).orElse(true);
      if (!submitting && inFlight.isEmpty()) {
        break;
      }
      if (submitting && inFlight.size() < plan.concurrency()) {
        ChaosApplication app = new ChaosApplication(submitted + 1,
            submitted < oneOfEach.size() ? oneOfEach.get(submitted) : Kind.values()[draws.nextInt(oneOfEach.size())],
            data);
        app.submit(cluster, CONF, corpus, killer.kills().size());
        inFlight.add(app);
        submitted++;
        log.accept("submitted " + app);
        continue;
      }
      awaitAnyEnd(inFlight);
    }
  }

  private Outcome judge(ProcessCluster cluster, ChaosApplication app, List<Kill> kills, List<String> expectedCounts) {
    CliRun run = app.run().join();
    List<ApplicationReport> known = reports(cluster);
    Optional<ApplicationId> id = app.id(known);
    // a kill while it was in flight may hit it later: a container placed on the node killed a moment ago
    List<Kill> hits = kills.stream().filter(k -> k.applications().contains(app.name)
        || (k.number() > app.killsBeforeSubmission() && k.number() <= app.killsBeforeEnd())).toList();
    String said = lastLines(whatTheUserIsTold(run), 4);
    if (id.isEmpty()) {
      return failed(app, hits, whatTheUserIsTold(run), "never reached the RM; exit " + run.exit() + ": " + said);
    }
    ApplicationReport report;
    try {
      report = await(app + " to be final at the RM").atMost(SETTLE).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions().until(() -> Jobs.report(cluster, id.get()), ChaosApplication::isFinal);
    } catch (ConditionTimeoutException e) {
      return new Outcome(app, Verdict.HUNG, "its client ended (exit " + run.exit() + ") but the RM still says "
          + stateAtRm(cluster, app));
    }
    String atRm = report.getYarnApplicationState() + "/" + report.getFinalApplicationStatus() + " \"" + report.getDiagnostics() + "\"";
    boolean rmSucceeded = ChaosApplication.succeeded(report);
    if (run.exit() == 0 && !rmSucceeded) {
      return new Outcome(app, Verdict.WRONG_ANSWER, "its client exited 0, but at the RM it is " + atRm);
    }
    if (rmSucceeded) {
      Optional<String> wrong = app.wrongAnswer(cluster, run, expectedCounts);
      if (wrong.isPresent()) {
        return new Outcome(app, Verdict.WRONG_ANSWER, wrong.get() + " (client exit " + run.exit() + ", RM " + atRm + ")");
      }
      if (run.exit() == 0) {
        return new Outcome(app, Verdict.CORRECT, "");
      }
    }
    return failed(app, hits, report.getDiagnostics() + "\n" + whatTheUserIsTold(run),
        "exit " + run.exit() + ", RM " + atRm + "; client: " + said);
  }

  /**
   * The client's output without its log lines and its notices of an RM outage it rode out: what
   * {@code weft submit} prints and the driver's failure. (A client-mode driver logs every container
   * and node it uses, and a client that lost the RM for a moment says so whatever the outcome:
   * neither explains a failure.)
   */
  private static String whatTheUserIsTold(CliRun run) {
    return (run.out() + "\n" + run.err()).lines().filter(l -> !LOG_LINE.matcher(l).lookingAt())
        .filter(l -> !RM_OUTAGE_NOTICE.matcher(l).matches()).collect(Collectors.joining("\n"));
  }

  private static Outcome failed(ChaosApplication app, List<Kill> hits, String diagnostics, String detail) {
    Optional<Kill> named = hits.stream().filter(k -> k.namedIn(diagnostics)).findFirst();
    return named.map(k -> new Outcome(app, Verdict.FAILED_NAMING_A_KILL, "names kill " + k.number() + "; " + detail))
        .orElseGet(() -> new Outcome(app, Verdict.FAILED_UNEXPLAINED,
            (hits.isEmpty() ? "no kill while it ran" : "names none of the kills while it ran "
                + hits.stream().map(Kill::number).toList()) + "; " + detail));
  }

  /**
   * Processes of the cluster still alive: first, with the daemons up, container processes of ended
   * applications (any container process seen during the run, or under an NM's local dir) that do
   * not go away within a generous wait; then, once the NMs and the RM are stopped, any process left.
   */
  private List<String> leftovers(ProcessCluster cluster, ContainerProcesses seen, List<ChaosApplication> apps) {
    List<String> left = new ArrayList<>();
    try {
      await("every container process to end").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
          .until(() -> cluster.containerPids().isEmpty() && seen.survivors().isEmpty());
    } catch (ConditionTimeoutException e) {
      cluster.containerPids().forEach((c, pids) -> left.add(c + " pids " + pids + " with every application ended"));
      seen.survivors().forEach(p -> left.add(p + ", with every application ended"));
    }
    apps.forEach(a -> a.clientProcess().filter(ProcessHandle::isAlive)
        .ifPresent(p -> left.add("client JVM " + p.pid() + " of " + a)));
    for (int i = 0; i < cluster.nodeManagers(); i++) {
      cluster.stopNm(i);
    }
    cluster.stopRm();
    cluster.strayProcesses().forEach(p -> left.add("process " + p.pid() + " in the cluster's dirs after the"
        + " daemons stopped: " + p.info().commandLine().orElse("")));
    seen.survivors().forEach(p -> left.add(p + ", after the daemons stopped"));
    log.accept(seen.count() + " container processes seen during the run; " + left.size() + " left running");
    return left;
  }

  private void resolveIds(ProcessCluster cluster, List<ChaosApplication> inFlight) {
    if (inFlight.stream().anyMatch(a -> a.id().isEmpty())) {
      List<ApplicationReport> known = reports(cluster);
      inFlight.forEach(a -> a.id(known));
    }
  }

  /** Every application the RM knows; none while it cannot be reached. */
  private static List<ApplicationReport> reports(ProcessCluster cluster) {
    // not cluster.rmAlive(): it waits for the cluster's lock, which the killer holds while a daemon restarts
    try (WeftClient client = cluster.client()) {
      return client.getApplications();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static String stateAtRm(ProcessCluster cluster, ChaosApplication app) {
    return app.id(reports(cluster)).map(id -> {
      try {
        ApplicationReport r = Jobs.report(cluster, id);
        return r.getYarnApplicationState() + "/" + r.getFinalApplicationStatus() + " \"" + r.getDiagnostics() + "\"";
      } catch (RuntimeException e) {
        return "unknown (" + e.getMessage() + ")";
      }
    }).orElse("not known");
  }

  /** Kills a hung application at the RM, and its client JVM. */
  private void giveUp(ProcessCluster cluster, ChaosApplication app) {
    app.id().ifPresent(id -> {
      try (WeftClient client = cluster.client()) {
        client.killApplication(id);
      } catch (RuntimeException e) {
        log.accept("cannot kill " + app + ": " + e);
      }
    });
    app.clientProcess().ifPresent(ProcessHandle::destroyForcibly);
  }

  /** Returns when an application in flight ends, or after a second (to look at the rest again). */
  private static void awaitAnyEnd(List<ChaosApplication> inFlight) {
    try {
      CompletableFuture.anyOf(inFlight.stream().map(ChaosApplication::run).toArray(CompletableFuture[]::new))
          .get(1, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // a failed client is judged with the rest
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String lastLines(String text, int count) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
