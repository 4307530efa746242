package io.weft.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weft.dist.Installs.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weft on hosts that are really separate: a Linux network namespace per host (the RM's, two NodeManagers',
 * a client's), each with its own address on a bridge and its own loopback, so that nothing reaches
 * another host through 127.0.0.1. Each host has its own copy of the tarball and its own configuration;
 * the daemons run under {@code bin/weft-daemon.sh}. A {@code shared/} directory stands in for the
 * shared filesystem (HDFS, NFS) that WordCount's input and output need on a real cluster too.
 *
 * <p>Needs root (CI runs as root) and is skipped, saying why, where the kernel refuses namespaces.
 * Tagged "tarball": dist's pom runs it in the integration-test phase, after the tarball is made.
 */
@Tag("tarball")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiHostTest {
  private static final List<String> HOSTS = List.of("rm", "nm1", "nm2", "client");
  private static final String RM_HOST = "10.77.0.1";
  private static final String CLIENT_HOST = "10.77.0.4";
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");
  private static final String EXAMPLES = "examples/weft-examples.jar";

  private Path root;
  /** Namespace names are machine-wide: a prefix of this run's own keeps two runs apart. */
  private final String prefix = "w" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
  private final Map<String, Path> homes = new LinkedHashMap<>();
  private final List<String> startedDaemons = new ArrayList<>();
  private Path netns;
  private Path shared;
  private boolean hostsMade;

  @BeforeAll
  void makeTheHostsAndStartTheDaemons(@TempDir Path dir) throws Exception {
    root = dir;
    assumeTrue("root".equals(System.getProperty("user.name")),
        "the multi-host test makes network namespaces, which needs root (CI runs as root)");
    netns = root.resolve("netns.sh");
    try (InputStream script = getClass().getResourceAsStream("/multihost/netns.sh")) {
      Files.copy(script, netns);
    }
    List<String> up = new ArrayList<>(List.of("bash", netns.toString(), "up", prefix));
    up.addAll(HOSTS);
    Result made = Installs.run(up, root, Map.of(), Duration.ofSeconds(60));
    if (made.exitCode() == 3) {
      abort("the kernel refuses to make network namespaces here: " + made.output());
    }
    hostsMade = true;
    assertThat(made.exitCode()).as(made.output()).isZero();

    shared = Files.createDirectories(root.resolve("shared"));
    for (String host : HOSTS) {
      Path home = Installs.unpack(root.resolve("hosts").resolve(host));
      homes.put(host, home);
      configure(host, home);
    }
    daemon("rm", "start", "historyserver");
    daemon("rm", "start", "resourcemanager");
    daemon("nm1", "start", "nodemanager");
    daemon("nm2", "start", "nodemanager");
    await("both NodeManagers registered, seen from the client host").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(weft("client", "node", "-list").output())
            .contains("Total Nodes:2").contains("10.77.0.2:8041").contains("10.77.0.3:8041"));
  }

  @AfterAll
  void stopTheDaemonsAndRemoveTheHosts() throws Exception {
    if (!hostsMade) {
      return;
    }
    try {
      for (String daemon : startedDaemons) {
        String[] hostAndName = daemon.split(" ");
        daemon(hostAndName[0], "stop", hostAndName[1]);
      }
    } finally {
      // whatever is left in a namespace (containers, a browser) is killed by pid, then the namespaces go
      Result down = Installs.run(List.of("bash", netns.toString(), "down", prefix), root, Map.of(),
          Duration.ofSeconds(60));
      assertThat(down.exitCode()).as(down.output()).isZero();
    }
  }

  @Test
  void eachNodeManager_registersUnderItsOwnAddress_neverLoopback() throws Exception {
    String nodes = weft("client", "node", "-list").output();

    assertThat(nodes).contains("10.77.0.2:8041").contains("10.77.0.2:8042").contains("10.77.0.3:8041")
        .doesNotContain("127.0.0.1").doesNotContain("0.0.0.0");
  }

  @Test
  void wordCount_inClusterMode_runsItsContainersOnBothHosts_andCountsRight() throws Exception {
    Result run = wordCount("cluster");

    String app = applicationIn(run.output());
    // the driver (in the AM) and its executors could not all fit on one node: they spoke across the bridge
    assertThat(containerLogDirs("nm1", app)).as("containers of %s on nm1", app).isNotEmpty();
    assertThat(containerLogDirs("nm2", app)).as("containers of %s on nm2", app).isNotEmpty();
  }

  @Test
  void wordCount_inClientMode_hasItsDriverOnTheClientHost_andCountsRight() throws Exception {
    Result run = wordCount("client");

    assertThat(run.output()).contains("driver at " + CLIENT_HOST + ":");
  }

  /** Submits WordCount from the client host in {@code mode} and checks it exits 0 having counted right. */
  private Result wordCount(String mode) throws Exception {
    Path input = text(mode + "-input.txt");
    Path output = shared.resolve(mode + "-out");
    Result run = weft("client", "submit", "--master", "weft", "--deploy-mode", mode,
        "--class", "io.weft.examples.WordCount", "--num-executors", "2", "--executor-memory", "512m", EXAMPLES,
        input.toString(), output.toString(), "4");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(countsIn(output)).isEqualTo(expectedCounts(input));
    return run;
  }

  @Test
  void distributedShell_runsItsCommandOnTheNodes() throws Exception {
    Result run = weft("client", "distributed-shell", "--shell-command", "ip -4 -o addr show dev eth0",
        "--num-containers", "2", "--container-memory", "512m");

    assertThat(run.exitCode()).as(run.output()).isZero();
    String app = applicationIn(run.output());
    List<String> printed = new ArrayList<>();
    for (String node : List.of("nm1", "nm2")) {
      for (Path container : containerLogDirs(node, app)) {
        printed.add(Files.readString(container.resolve("stdout")));
      }
    }
    assertThat(String.join("", printed)).containsPattern("inet 10\\.77\\.0\\.[23]/24");
  }

  @Test
  void logs_areAggregatedFromBothNodesToTheHistoryServer_andWeftLogsReadsThemOnTheClientHost() throws Exception {
    Result run = weft("client", "distributed-shell", "--shell-command",
        "echo aggregated from; ip -4 -o addr show dev eth0", "--num-containers", "2", "--container-memory", "512m");
    assertThat(run.exitCode()).as(run.output()).isZero();
    String app = applicationIn(run.output());
    List<String> nodes = new ArrayList<>();
    for (String node : List.of("nm1", "nm2")) {
      if (!containerLogDirs(node, app).isEmpty()) {
        nodes.add("on 10.77.0." + (HOSTS.indexOf(node) + 1) + "_8041");
      }
    }

    await("the logs of " + app + " aggregated from " + nodes).atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
          Result logs = weft("client", "logs", "-applicationId", app);
          assertThat(logs.exitCode()).as(logs.output()).isZero();
          assertThat(logs.output()).contains("LogAggregationType: AGGREGATED").contains(nodes)
              .containsPattern("aggregated from\\n.*inet 10\\.77\\.0\\.[23]/24");
        });
  }

  @Test
  void console_inABrowserOnTheClientHost_reachesTheDriverUiAndContainerLogsThroughTheRm() throws Exception {
    CompletableFuture<Result> sleeping = CompletableFuture.supplyAsync(() -> {
      try {
        return weft("client", "submit", "--master", "weft", "--deploy-mode", "cluster", "--class",
            "io.weft.examples.SleepJob", "--num-executors", "1", "--executor-memory", "512m", EXAMPLES, "120", "1");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    String app = await("the SleepJob running").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> runningSleepJob(), id -> !id.isEmpty());
    try {
      String rm = "http://" + RM_HOST + ":8088";
      // the tracking URL leads through the RM's proxy to the driver's UI on a NodeManager's host
      await("the driver UI through the proxy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThat(browse(rm + "/proxy/" + app + "/")).contains("SleepJob").contains("Jobs"));

      String page = browse(rm + "/cluster/app/" + app);
      assertThat(page).contains("RUNNING").containsPattern("http://10\\.77\\.0\\.[23]:8042/node")
          .doesNotContain("127.0.0.1");
      Matcher amContainer = Pattern.compile("/logs/(container_\\w+_01_000001)/stderr").matcher(page);
      assertThat(amContainer.find()).as("a log link of the AM container on the app page:\n%s", page).isTrue();
      assertThat(browse(rm + "/logs/" + amContainer.group(1) + "/stderr"))
          .contains(app.substring("application_".length())).contains("registered with the ResourceManager");
    } finally {
      weft("client", "application", "-kill", app);
      sleeping.get(2, TimeUnit.MINUTES);
    }
  }

  @Test
  void aNodeManagerCallingItselfLoopback_towardTheRmElsewhere_isRefusedAtStart_namingTheKey() throws Exception {
    Result refused = in("nm1", Duration.ofSeconds(60), homes.get("nm1").resolve("bin/weft").toString(), "nodemanager",
        "--conf", "weft.nodemanager.address=127.0.0.1:0", "--conf", "weft.nodemanager.webapp.address=127.0.0.1:0",
        "--conf", "weft.nodemanager.bind-host=");

    assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
    assertThat(refused.output()).contains("a loopback address, to the ResourceManager at " + RM_HOST + ":8032")
        .contains("weft.nodemanager.hostname");
  }

  @Test
  void aClientModeDriverCallingItselfLoopback_isRefusedBeforeSubmitting() throws Exception {
    Result refused = in("client", COMMAND_TIMEOUT, homes.get("client").resolve("bin/weft").toString(), "submit",
        "--master", "weft", "--deploy-mode", "client", "--conf", "weft.driver.host=127.0.0.1",
        "--class", "io.weft.examples.Pi", EXAMPLES, "2");

    assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    assertThat(refused.output()).contains("weft.driver.host=127.0.0.1 is a loopback address")
        .doesNotContain("Submitted application");
  }

  // ---- the hosts

  private void configure(String host, Path home) throws IOException {
    List<String> lines = new ArrayList<>(List.of("",
        "weft.resourcemanager.address=" + RM_HOST + ":8032",
        "weft.resourcemanager.webapp.address=" + RM_HOST + ":8088",
        // the log store: on the RM's host, reached over the bridge; nothing of it is shared
        "weft.historyserver.address=" + RM_HOST + ":10020"));
    if (host.equals("rm")) {
      lines.add("weft.resourcemanager.bind-host=0.0.0.0");
      lines.add("weft.historyserver.bind-host=0.0.0.0");
      lines.add("weft.historyserver.webapp.address=" + RM_HOST + ":19888");
      lines.add("weft.historyserver.dir=" + home.resolve("history"));
      lines.add("weft.resourcemanager.staging-dir=" + home.resolve("staging"));
    } else if (host.startsWith("nm")) {
      String address = "10.77.0." + (HOSTS.indexOf(host) + 1);
      lines.addAll(List.of(
          "weft.nodemanager.address=" + address + ":8041",
          "weft.nodemanager.webapp.address=" + address + ":8042",
          "weft.nodemanager.bind-host=0.0.0.0",
          "weft.nodemanager.local-dirs=" + home.resolve("nm-local"),
          "weft.nodemanager.log-dirs=" + home.resolve("nm-logs"),
          // an AM of 2 GB and two executors of 1 GB cannot share one node
          "weft.nodemanager.resource.memory-mb=3072",
          "weft.nodemanager.resource.cpu-vcores=4",
          // the tests here read the nodes' own log dirs too: kept after their upload
          "weft.nodemanager.log.retain-seconds=600"));
    }
    lines.add("");
    Files.writeString(home.resolve("conf/weft-site.properties"), String.join("\n", lines), StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  private void daemon(String host, String action, String daemon) throws Exception {
    Result result = in(host, Duration.ofSeconds(60), homes.get(host).resolve("bin/weft-daemon.sh").toString(), action,
        daemon);
    assertThat(result.exitCode()).as("%s %s on %s: %s\n%s", action, daemon, host, result.output(),
        daemonLog(host, daemon)).isZero();
    if (action.equals("start")) {
      startedDaemons.add(0, host + " " + daemon); // stopped in reverse order
    }
  }

  private String daemonLog(String host, String daemon) throws IOException {
    Path logs = homes.get(host).resolve("logs");
    if (!Files.isDirectory(logs)) {
      return "(no logs)";
    }
    try (Stream<Path> files = Files.list(logs)) {
      StringBuilder out = new StringBuilder();
      for (Path file : files.filter(f -> f.getFileName().toString().contains(daemon)).toList()) {
        List<String> lines = Files.readAllLines(file);
        out.append("--- ").append(file).append('\n')
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
      }
      return out.toString();
    }
  }

  private Result weft(String host, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(homes.get(host).resolve("bin/weft").toString()));
    command.addAll(List.of(args));
    return in(host, COMMAND_TIMEOUT, command.toArray(String[]::new));
  }

  /** Runs {@code command} on {@code host}: in its namespace, in its installation's directory. */
  private Result in(String host, Duration timeout, String... command) throws Exception {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "-" + host));
    full.addAll(List.of(command));
    return Installs.run(full, homes.get(host), Map.of(), timeout);
  }

  /** The page at {@code url} as headless chromium on the client host renders it, scripts run. */
  private String browse(String url) throws Exception {
    Path profile = Files.createTempDirectory(root, "chromium");
    Result page = in("client", Duration.ofSeconds(60), "chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=3000", "--dump-dom", url);
    assertThat(page.exitCode()).as(page.output()).isZero();
    return page.output();
  }

  private String runningSleepJob() throws Exception {
    for (String line : weft("client", "application", "-list").output().split("\n")) {
      Matcher id = APP_ID.matcher(line);
      if (line.contains("SleepJob") && line.contains("RUNNING") && id.find()) {
        return id.group();
      }
    }
    return "";
  }

  private static String applicationIn(String output) {
    Matcher id = APP_ID.matcher(output);
    assertThat(id.find()).as("an application id in:\n%s", output).isTrue();
    return id.group();
  }

  /** The container log directories {@code app} has on {@code node}. */
  private List<Path> containerLogDirs(String node, String app) throws IOException {
    Path dir = homes.get(node).resolve("nm-logs").resolve(app);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> containers = Files.list(dir)) {
      return containers.filter(Files::isDirectory).toList();
    }
  }

  // ---- WordCount's data

  private Path text(String name) throws IOException {
    List<String> words = List.of("loom", "weft", "warp", "Shuttle", "heddle", "reed", "bobbin", "selvage");
    StringBuilder text = new StringBuilder();
    for (int line = 0; line < 2000; line++) {
      for (int w = 0; w <= line % 7; w++) {
        text.append(words.get((line * 3 + w * 5) % words.size())).append(w % 2 == 0 ? " " : ", ");
      }
      text.append('\n');
    }
    return Files.writeString(shared.resolve(name), text);
  }

  private static Map<String, Long> expectedCounts(Path input) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    for (String word : Files.readString(input).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
      if (!word.isEmpty()) {
        counts.merge(word, 1L, Long::sum);
      }
    }
    return counts;
  }

  private static Map<String, Long> countsIn(Path output) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    try (Stream<Path> parts = Files.list(output)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(part)) {
          String[] wordAndCount = line.split("\t");
          counts.put(wordAndCount[0], Long.parseLong(wordAndCount[1]));
        }
      }
    }
    return counts;
  }
}
