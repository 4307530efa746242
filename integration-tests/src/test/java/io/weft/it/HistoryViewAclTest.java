package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.client.WeftClient;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.FileLogStore;
import io.weft.driver.eventlog.ApplicationStarted;
import io.weft.driver.eventlog.EventLogWriter;
import io.weft.history.HistoryKeys;
import io.weft.history.HistoryServer;
import io.weft.rm.ResourceManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history server's pages show an application only to its owner and the administrators, as the RM's console
 * does: with simple authentication by {@code ?user.name=} once {@code weft.acl.enable} is set, with token
 * authentication by a bearer token the real RM verifies.
 */
class HistoryViewAclTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ApplicationId ALICES = new ApplicationId(1_764_000_000_000L, 1);
  private static final ApplicationId BOBS = new ApplicationId(1_764_000_000_000L, 2);

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void simpleAuthentication_withAcls_showsEachUserOnlyTheirOwn_andAdminsEverything() throws Exception {
    writeEventLogs();
    try (HistoryServer history = historyServer(Map.of("weft.acl.enable", "true", "weft.admin.acl", "carol"))) {
      String web = "http://" + history.webAddress();
      assertThat(ids(get(web + "/api/v1/applications?user.name=alice", Optional.empty()).body()))
          .containsExactly(ALICES.toString());
      assertThat(get(web + "/history/" + ALICES + "/jobs?user.name=alice", Optional.empty()).statusCode())
          .isEqualTo(200);

      HttpResponse<String> denied = get(web + "/history/" + BOBS + "/jobs?user.name=alice", Optional.empty());
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.body()).contains("user alice may not view " + BOBS, "owner (bob)");
      assertThat(get(web + "/api/v1/applications/" + BOBS + "/jobs?user.name=alice", Optional.empty())
          .statusCode()).isEqualTo(403);
      assertThat(get(web + "/?user.name=alice", Optional.empty()).body()).contains(ALICES.toString())
          .doesNotContain(BOBS.toString());
      assertThat(get(web + "/history/" + BOBS + "/jobs", Optional.empty()).statusCode()).as("nobody named")
          .isEqualTo(403);

      assertThat(ids(get(web + "/api/v1/applications?user.name=carol", Optional.empty()).body()))
          .containsExactlyInAnyOrder(ALICES.toString(), BOBS.toString());
      assertThat(get(web + "/history/" + BOBS + "/jobs?user.name=carol", Optional.empty()).statusCode())
          .isEqualTo(200);
    }
    try (HistoryServer open = historyServer(Map.of())) {
      assertThat(ids(get("http://" + open.webAddress() + "/api/v1/applications", Optional.empty()).body()))
          .as("without weft.acl.enable and with unverified users, as YARN").hasSize(2);
    }
  }

  @Test
  void tokenAuthentication_knowsTheCallerByTheTokenTheRmIssued() throws Exception {
    writeEventLogs();
    Path adminToken = dir.resolve("admin-token");
    try (ResourceManager rm = new ResourceManager(WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0",
        CommonKeys.RM_WEBAPP_ADDRESS.key(), "127.0.0.1:0", "weft.resourcemanager.staging-dir",
        dir.resolve("staging").toString(), "weft.resourcemanager.store.dir", dir.resolve("rm-state").toString(),
        CommonKeys.SECURITY_AUTHENTICATION.key(), "token", "weft.admin.acl", "admin",
        "weft.security.token.bootstrap-user", "admin", "weft.security.token.bootstrap-file",
        adminToken.toString())))) {
      rm.start();
      String alice;
      String admin = java.nio.file.Files.readString(adminToken).strip();
      Map<String, String> clientValues = new HashMap<>();
      clientValues.put(CommonKeys.RM_ADDRESS.key(), rm.address().toString());
      clientValues.put(CommonKeys.SECURITY_TOKEN_FILE.key(), adminToken.toString());
      try (WeftClient client = WeftClient.connect(WeftConfig.of(clientValues))) {
        alice = client.createUserToken("alice", Duration.ZERO).token();
      }
      try (HistoryServer history = historyServer(Map.of(CommonKeys.SECURITY_AUTHENTICATION.key(), "token",
          CommonKeys.RM_ADDRESS.key(), rm.address().toString(), "weft.admin.acl", "admin"))) {
        String web = "http://" + history.webAddress();
        assertThat(ids(get(web + "/api/v1/applications", Optional.of(alice)).body()))
            .containsExactly(ALICES.toString());
        assertThat(get(web + "/history/" + ALICES + "/jobs", Optional.of(alice)).statusCode()).isEqualTo(200);
        HttpResponse<String> denied = get(web + "/history/" + BOBS + "/jobs", Optional.of(alice));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("user alice may not view " + BOBS);
        assertThat(get(web + "/history/" + BOBS + "/jobs?user.name=bob", Optional.of(alice)).statusCode())
            .as("a claimed user does not count once users are verified").isEqualTo(403);
        assertThat(get(web + "/history/" + BOBS + "/jobs", Optional.of(admin)).statusCode()).isEqualTo(200);

        HttpResponse<String> anonymous = get(web + "/history/" + ALICES + "/jobs", Optional.empty());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("no bearer token");
        HttpResponse<String> forged = get(web + "/api/v1/applications", Optional.of("weft1.0123456789abcdef.forged"));
        assertThat(forged.statusCode()).isEqualTo(401);
      }
    }
  }

  private void writeEventLogs() throws Exception {
    FileLogStore store = new FileLogStore(dir.resolve("history"));
    for (var owned : Map.of(ALICES, "alice", BOBS, "bob").entrySet()) {
      EventLogWriter writer = new EventLogWriter(() -> store, "test", Clock.systemUTC());
      writer.start(owned.getKey(), new ApplicationStarted(owned.getKey().toString(), owned.getValue() + "'s job",
          owned.getValue(), Instant.now(), Map.of()));
      writer.close();
    }
  }

  private HistoryServer historyServer(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(extra);
    values.put(CommonKeys.HISTORY_ADDRESS.key(), "127.0.0.1:0");
    values.put(CommonKeys.HISTORY_WEBAPP_ADDRESS.key(), "127.0.0.1:0");
    values.put(HistoryKeys.DIR.key(), dir.resolve("history").toString());
    HistoryServer server = new HistoryServer(WeftConfig.of(values));
    server.start();
    return server;
  }

  private HttpResponse<String> get(String url, Optional<String> token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static java.util.List<String> ids(String json) throws Exception {
    JsonNode apps = JSON.readTree(json);
    java.util.List<String> ids = new java.util.ArrayList<>();
    apps.forEach(a -> ids.add(a.get("id").asText()));
    return ids;
  }
}
