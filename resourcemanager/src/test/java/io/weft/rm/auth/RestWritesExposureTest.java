package io.weft.rm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.rm.ResourceManager;
import io.weft.rm.config.RmKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safe by default: REST writes on a web server beyond loopback need authenticated users. */
class RestWritesExposureTest {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  /** An RM whose web server listens on every interface (the wildcard), reached here through loopback. */
  private ResourceManager rmOnAllInterfaces(Map<String, String> extra) {
    Map<String, String> conf = new HashMap<>(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0",
        CommonKeys.RM_WEBAPP_ADDRESS.key(), "0.0.0.0:0", RmKeys.STAGING_DIR.key(), dir.resolve("staging").toString(),
        RmKeys.STORE_DIR.key(), dir.resolve("rm-state").toString()));
    conf.putAll(extra);
    ResourceManager rm = new ResourceManager(WeftConfig.of(conf));
    rm.start();
    return rm;
  }

  private HttpResponse<String> post(ResourceManager rm, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rm.webAddress().port() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void simpleAuthentication_beyondLoopback_refusesRestSubmissions_namingTheKeys() throws Exception {
    try (ResourceManager rm = rmOnAllInterfaces(Map.of())) {
      HttpResponse<String> created = post(rm, "/ws/v1/cluster/apps/new-application", "", null);
      assertThat(created.statusCode()).isEqualTo(403);
      assertThat(created.body()).contains("weft.security.authentication").contains("beyond loopback")
          .contains("weft.webapp.enable-rest-app-submissions");
      HttpResponse<String> submitted = post(rm, "/ws/v1/cluster/apps", "{\"application-id\":"
          + "\"application_1_0001\",\"am-container-spec\":{\"commands\":{\"command\":\"bash -c id\"}}}", null);
      assertThat(submitted.statusCode()).isEqualTo(403);
      HttpResponse<String> console = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + rm.webAddress().port() + "/cluster")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(console.body()).contains("authentication: simple — users are not verified")
          .contains("beyond loopback");
    }
  }

  @Test
  void tokenAuthentication_beyondLoopback_acceptsRestSubmissions() throws Exception {
    Path tokenFile = dir.resolve("admin-token");
    try (ResourceManager rm = rmOnAllInterfaces(Map.of(CommonKeys.SECURITY_AUTHENTICATION.key(), "token",
        RmKeys.TOKEN_BOOTSTRAP_USER.key(), "admin", RmKeys.ADMIN_ACL.key(), "admin",
        RmKeys.TOKEN_BOOTSTRAP_FILE.key(), tokenFile.toString()))) {
      HttpResponse<String> created = post(rm, "/ws/v1/cluster/apps/new-application", "",
          java.nio.file.Files.readString(tokenFile).strip());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }
  }

  @Test
  void restSubmissionsSwitchedOff_areRefusedEvenOnLoopback() throws Exception {
    Map<String, String> conf = Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0",
        CommonKeys.RM_WEBAPP_ADDRESS.key(), "127.0.0.1:0", RmKeys.STAGING_DIR.key(), dir.resolve("s").toString(),
        RmKeys.STORE_DIR.key(), dir.resolve("rm").toString(), RmKeys.REST_APP_SUBMISSIONS.key(), "false");
    try (ResourceManager rm = new ResourceManager(WeftConfig.of(conf))) {
      rm.start();
      HttpResponse<String> created = post(rm, "/ws/v1/cluster/apps/new-application", "", null);
      assertThat(created.statusCode()).isEqualTo(403);
      assertThat(created.body()).contains("weft.webapp.enable-rest-app-submissions=false");
    }
  }
}
