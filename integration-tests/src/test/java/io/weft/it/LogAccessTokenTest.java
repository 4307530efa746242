package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.LogStores;
import io.weft.common.logstore.StoredFile;
import io.weft.it.MiniWeftCluster.CliRun;
import io.weft.nm.NodeManager;
import io.weft.rm.config.RmKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code weft.security.authentication=token}, an application's logs are its owner's and the administrators',
 * on every path to them: the log store's gRPC reads ({@code weft logs} and anyone who dials the history server), the
 * NodeManagers' log pages, and the console's log pages, which read the NodeManagers and the store as the user they
 * serve (by the request's token or the token its login session was opened with).
 */
class LogAccessTokenTest {
  private static final Pattern WORKER = Pattern.compile("Container: (container_\\d+_\\d+_01_0+2) on ");

  private final HttpClient http = HttpClient.newHttpClient();
  private MiniWeftCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void onlyTheOwnerAndAnAdministratorReadAnApplicationsLogs_onEveryPath(@TempDir Path dir) throws Exception {
    Path adminToken = dir.resolve("admin-token");
    cluster = new MiniWeftCluster(dir.resolve("cluster"), 1, WeftConfig.empty()
        .with(CommonKeys.SECURITY_AUTHENTICATION, "token").with(RmKeys.ADMIN_ACL, "admin")
        .with(java.util.Map.of("weft.security.token.bootstrap-user", "admin",
            "weft.security.token.bootstrap-file", adminToken.toString())));
    WeftConfig asAdmin = as(adminToken);
    Path aliceToken = dir.resolve("alice-token");
    Path bobToken = dir.resolve("bob-token");
    try (WeftClient admin = WeftClient.connect(asAdmin)) {
      Files.writeString(aliceToken, admin.createUserToken("alice", Duration.ZERO).token());
      Files.writeString(bobToken, admin.createUserToken("bob", Duration.ZERO).token());
    }
    WeftConfig asAlice = as(aliceToken);
    WeftConfig asBob = as(bobToken);

    CliRun shell = cluster.cli(asAlice, "distributed-shell", "--num-containers", "1", "--container-memory", "256m",
        "--shell-command", "echo alices-secret");
    assertThat(shell.exit()).as("%s", shell).isZero();
    ApplicationId app = shell.submittedApplication();
    try (LogStore alice = LogStores.open(asAlice, LogStores.Caller.user(asAlice))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        List<StoredFile> files = alice.list(app);
        return !files.isEmpty() && files.stream().noneMatch(StoredFile::inProgress);
      });
    }

    // The store, dialled directly: bob's token, no token.
    try (LogStore bob = LogStores.open(asBob, LogStores.Caller.user(asBob))) {
      assertThatThrownBy(() -> bob.list(app)).isInstanceOf(IOException.class)
          .hasMessageContaining("PERMISSION_DENIED").hasMessageContaining("user bob may not read the logs of " + app)
          .hasMessageContaining("its owner (alice)");
      assertThat(bob.applications()).as("bob's listing leaves alice's application out")
          .noneMatch(a -> a.app().equals(app));
    }
    try (LogStore nobody = LogStores.open(cluster.cluster().clientConfig(),
        new LogStores.Caller("alice", Optional.empty()))) {
      assertThatThrownBy(() -> nobody.list(app)).isInstanceOf(IOException.class)
          .hasMessageContaining("UNAUTHENTICATED").hasMessageContaining("no bearer token");
    }

    // weft logs: alice's and the admin's work, bob's is refused naming him and the application.
    CliRun alices = cluster.cli(asAlice, "logs", "-applicationId", app.toString());
    assertThat(alices.exit()).as("%s", alices).isZero();
    assertThat(alices.out()).contains("LogAggregationType: AGGREGATED", "alices-secret");
    CliRun admins = cluster.cli(asAdmin, "logs", "-applicationId", app.toString());
    assertThat(admins.exit()).as("%s", admins).isZero();
    assertThat(admins.out()).contains("alices-secret");
    CliRun bobs = cluster.cli(asBob, "logs", "-applicationId", app.toString());
    assertThat(bobs.exit()).as("%s", bobs).isEqualTo(1);
    assertThat(bobs.err()).contains("user bob may not", app.toString()).doesNotContain("alices-secret");

    Matcher worker = WORKER.matcher(alices.out());
    assertThat(worker.find()).as("%s", alices).isTrue();
    String container = worker.group(1);

    // The NodeManager's own log pages, while it still has the file.
    NodeManager nm = cluster.cluster().nodeManagers().get(0);
    String nmLog = "http://" + nm.webAddress() + "/ws/v1/node/containerlogs/" + container + "/stdout";
    assertThat(get(nmLog, read(aliceToken)).body()).contains("alices-secret");
    assertThat(get(nmLog, read(adminToken)).statusCode()).isEqualTo(200);
    HttpResponse<String> bobAtNm = get(nmLog, read(bobToken));
    assertThat(bobAtNm.statusCode()).isEqualTo(403);
    assertThat(bobAtNm.body()).contains("user bob may not read the logs of " + app).doesNotContain("alices-secret");
    assertThat(get(nmLog + "?user.name=alice", Optional.empty()).statusCode()).as("a claimed user is nobody")
        .isEqualTo(401);
    String nmWeb = "http://" + nm.webAddress();
    for (String path : List.of("/node", "/ws/v1/node/info", "/ws/v1/node/apps", "/ws/v1/node/containers",
        "/ws/v1/node/containers/" + container, "/metrics")) {
      assertThat(get(nmWeb + path, Optional.empty()).statusCode()).as("%s without a token", path).isEqualTo(401);
    }
    assertThat(get(nmWeb + "/ws/v1/node/info", read(bobToken)).statusCode()).isEqualTo(200);
    assertThat(get("http://" + nm.webAddress() + "/node/containerlogs/" + container + "/alice/stdout",
        read(bobToken)).statusCode()).isEqualTo(403);

    // The console's log page: read from the NodeManager as alice.
    String consoleLog = cluster.cluster().rmWebUrl() + "/logs/" + container + "/stdout";
    assertThat(get(consoleLog, read(aliceToken)).body()).contains("alices-secret");
    assertThat(get(consoleLog, read(bobToken)).statusCode()).isEqualTo(403);

    // Once the node is gone, the console reads the store as the user: by token, and by a login session.
    Path logs = nm.logDir();
    nm.close();
    try (var paths = Files.walk(logs)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    HttpResponse<String> aggregated = get(consoleLog, read(aliceToken));
    assertThat(aggregated.statusCode()).as(aggregated.body()).isEqualTo(200);
    assertThat(aggregated.body()).contains("from the aggregated log store", "alices-secret");
    HttpResponse<String> bobAggregated = get(consoleLog, read(bobToken));
    assertThat(bobAggregated.statusCode()).isEqualTo(403);
    assertThat(bobAggregated.body()).doesNotContain("alices-secret");
    String cookie = login(read(aliceToken).orElseThrow());
    HttpResponse<String> bySession = http.send(HttpRequest.newBuilder(URI.create(consoleLog)).header("Cookie", cookie)
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bySession.statusCode()).as(bySession.body()).isEqualTo(200);
    assertThat(bySession.body()).contains("from the aggregated log store", "alices-secret");
  }

  private WeftConfig as(Path token) {
    return cluster.cluster().clientConfig().with(CommonKeys.SECURITY_TOKEN_FILE, token.toString());
  }

  private static Optional<String> read(Path token) throws IOException {
    return Optional.of(Files.readString(token).strip());
  }

  private HttpResponse<String> get(String url, Optional<String> token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The session cookie the console's login form sets for {@code token}. */
  private String login(String token) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(cluster.cluster().rmWebUrl() + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(token,
            java.nio.charset.StandardCharsets.UTF_8) + "&next=/cluster")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
    return answer.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }
}
