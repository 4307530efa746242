package io.weft.rm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.proto.ApplicationReport;
import io.weft.proto.GetApplicationAttemptsRequest;
import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.GetApplicationsRequest;
import io.weft.proto.KillApplicationRequest;
import io.weft.proto.MoveApplicationAcrossQueuesRequest;
import io.weft.proto.RefreshQueuesRequest;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.proto.RevokeTokenRequest;
import io.weft.proto.UserTokenServiceGrpc;
import io.weft.proto.YarnApplicationState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weft.security.authentication=token against a real RM: gRPC and REST, tokens, ACLs, a restart. */
class TokenAuthenticationTest {
  @TempDir Path dir;
  TokenRm cluster;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    cluster = new TokenRm(dir, Map.of());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static void assertStatus(ThrowingCallable call, Status.Code code, String... mentions) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(mentions);
    });
  }

  private HttpResponse<String> web(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.webBase() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private YarnApplicationState state(String token, String app) {
    return cluster.client(cluster.withToken(token)).getApplicationReport(GetApplicationReportRequest.newBuilder()
        .setApplicationId(app).build()).getReport().getState();
  }

  @Test
  void withoutCredentials_grpcIsUnauthenticated_andHttp401() throws Exception {
    // Channels claims this process's user in weft-user; with token authentication that proves nothing
    assertStatus(() -> cluster.client(cluster.anonymous()).getApplications(GetApplicationsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED, "no bearer token");
    assertThat(web("GET", "/ws/v1/cluster/apps", null, null).statusCode()).isEqualTo(401);
    assertThat(web("GET", "/ws/v1/cluster/apps?user.name=admin", null, null).statusCode()).isEqualTo(401);
    HttpResponse<String> console = web("GET", "/cluster/apps", null, null);
    assertThat(console.statusCode()).isEqualTo(302);
    assertThat(console.headers().firstValue("Location").orElseThrow()).startsWith("/login");
    assertStatus(() -> cluster.client(cluster.withToken("weft1.0123456789abcdef.not-the-secret"))
        .getApplications(GetApplicationsRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED, "unknown");
    assertThat(web("GET", "/ws/v1/cluster/apps", "garbage", null).statusCode()).isEqualTo(401);
  }

  @Test
  void theOwnerIsTheTokensUser_notTheClaimedOne_andOthersCannotTouchIt_butAnAdminCan() throws Exception {
    String alice = cluster.issue("alice");
    String bob = cluster.issue("bob");
    String admin = cluster.adminToken();
    // bob's request names mallory as the owner, and his channel claims weft-user: alice
    String app = cluster.submit(cluster.withTokenClaiming(bob, "alice"), "mallory");
    var asBob = cluster.client(cluster.withToken(bob));
    assertThat(asBob.getApplicationReport(GetApplicationReportRequest.newBuilder().setApplicationId(app).build())
        .getReport().getUser()).isEqualTo("bob");

    var asAlice = cluster.client(cluster.withTokenClaiming(alice, "bob"));
    assertStatus(() -> asAlice.getApplicationReport(GetApplicationReportRequest.newBuilder().setApplicationId(app)
        .build()), Status.Code.PERMISSION_DENIED, "alice", "view", app, "weft.admin.acl");
    assertStatus(() -> asAlice.getApplicationAttempts(GetApplicationAttemptsRequest.newBuilder()
        .setApplicationId(app).build()), Status.Code.PERMISSION_DENIED, "alice");
    assertStatus(() -> asAlice.killApplication(KillApplicationRequest.newBuilder().setApplicationId(app).build()),
        Status.Code.PERMISSION_DENIED, "alice", "kill", app);
    assertStatus(() -> asAlice.moveApplicationAcrossQueues(MoveApplicationAcrossQueuesRequest.newBuilder()
        .setApplicationId(app).setTargetQueue("other").build()), Status.Code.PERMISSION_DENIED, "alice", "move", app);

    assertThat(web("GET", "/ws/v1/cluster/apps/" + app + "?user.name=bob", alice, null).statusCode()).isEqualTo(403);
    assertThat(web("GET", "/ws/v1/cluster/apps/" + app + "/appattempts", alice, null).statusCode()).isEqualTo(403);
    assertThat(web("GET", "/proxy/" + app + "/", alice, null).statusCode()).isEqualTo(403);
    HttpResponse<String> kill = web("PUT", "/ws/v1/cluster/apps/" + app + "/state?user.name=bob", alice,
        "{\"state\":\"KILLED\"}");
    assertThat(kill.statusCode()).isEqualTo(403);
    assertThat(kill.body()).contains("alice").contains("kill").contains(app);
    assertThat(web("PUT", "/ws/v1/cluster/apps/" + app + "/queue", alice, "{\"queue\":\"other\"}").statusCode())
        .isEqualTo(403);
    assertThat(state(admin, app)).isNotEqualTo(YarnApplicationState.KILLED);

    // the administrator may: view, move, kill
    assertThat(web("GET", "/ws/v1/cluster/apps/" + app, admin, null).statusCode()).isEqualTo(200);
    HttpResponse<String> moved = web("PUT", "/ws/v1/cluster/apps/" + app + "/queue", admin, "{\"queue\":\"other\"}");
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    cluster.client(cluster.withToken(admin)).killApplication(KillApplicationRequest.newBuilder()
        .setApplicationId(app).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> state(admin, app) == YarnApplicationState.KILLED);
  }

  @Test
  void onlyAdministratorsIssueTokensAndAdministerTheRm() throws Exception {
    String alice = cluster.issue("alice");
    assertStatus(() -> UserTokenServiceGrpc.newBlockingStub(cluster.withToken(alice))
        .withDeadlineAfter(10, TimeUnit.SECONDS).createToken(io.weft.proto.CreateTokenRequest.newBuilder()
            .setUser("alice2").build()), Status.Code.PERMISSION_DENIED, "alice", "weft.admin.acl");
    assertStatus(() -> ResourceManagerAdministrationServiceGrpc.newBlockingStub(cluster.withToken(alice))
        .withDeadlineAfter(10, TimeUnit.SECONDS).refreshQueues(RefreshQueuesRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED, "alice", "RefreshQueues");
    assertThat(ResourceManagerAdministrationServiceGrpc.newBlockingStub(cluster.withToken(cluster.adminToken()))
        .withDeadlineAfter(10, TimeUnit.SECONDS).refreshQueues(RefreshQueuesRequest.getDefaultInstance())
        .hasRoot()).isTrue();
  }

  @Test
  void listsShowOthersApplications_withoutTheirDetails_asYarnDoes() throws Exception {
    String alice = cluster.issue("alice");
    String bob = cluster.issue("bob");
    String bobs = cluster.submit(cluster.withToken(bob), "");
    String alices = cluster.submit(cluster.withToken(alice), "");
    await().atMost(Duration.ofSeconds(10)).until(() -> !report(cluster.adminToken(), bobs).getCurrentApplicationAttemptId()
        .isEmpty());

    ApplicationReport bobsAsListedToAlice = listed(alice, bobs);
    assertThat(bobsAsListedToAlice.getUser()).isEqualTo("bob");
    assertThat(bobsAsListedToAlice.getName()).isEqualTo("sleeper");
    assertThat(bobsAsListedToAlice.getState()).isEqualTo(report(bob, bobs).getState());
    assertThat(bobsAsListedToAlice.getDiagnostics()).isEqualTo("N/A");
    assertThat(bobsAsListedToAlice.getHost()).isEqualTo("N/A");
    assertThat(bobsAsListedToAlice.getCurrentApplicationAttemptId()).isEmpty();
    assertThat(listed(alice, alices)).isEqualTo(report(alice, alices));
    assertThat(listed(cluster.adminToken(), bobs).getCurrentApplicationAttemptId()).isNotEmpty();

    String apps = web("GET", "/ws/v1/cluster/apps", alice, null).body();
    assertThat(apps).contains(bobs).contains(alices);
    String bobsJson = apps.substring(apps.indexOf("\"id\":\"" + bobs));
    assertThat(bobsJson.substring(0, bobsJson.indexOf('}'))).contains("\"diagnostics\":\"N/A\"");
  }

  private ApplicationReport report(String token, String app) {
    return cluster.client(cluster.withToken(token)).getApplicationReport(GetApplicationReportRequest.newBuilder()
        .setApplicationId(app).build()).getReport();
  }

  private ApplicationReport listed(String token, String app) {
    return cluster.client(cluster.withToken(token)).getApplications(GetApplicationsRequest.getDefaultInstance())
        .getApplicationsList().stream().filter(a -> a.getApplicationId().equals(app)).findFirst().orElseThrow();
  }

  @Test
  void withoutAnAdminAcl_onlyTheRmsOwnUserAdministers_notEveryone(@TempDir Path other) throws Exception {
    try (TokenRm defaults = TokenRm.withDefaultAdministrators(other)) {
      String rmUser = defaults.adminToken();
      String alice = defaults.issue("alice");
      assertStatus(() -> ResourceManagerAdministrationServiceGrpc.newBlockingStub(defaults.withToken(alice))
          .withDeadlineAfter(10, TimeUnit.SECONDS).refreshQueues(RefreshQueuesRequest.getDefaultInstance()),
          Status.Code.PERMISSION_DENIED, "alice", "RefreshQueues");
      String app = defaults.submit(defaults.withToken(rmUser), "");
      assertStatus(() -> defaults.client(defaults.withToken(alice)).killApplication(KillApplicationRequest
          .newBuilder().setApplicationId(app).build()), Status.Code.PERMISSION_DENIED, "alice");
      assertThat(ResourceManagerAdministrationServiceGrpc.newBlockingStub(defaults.withToken(rmUser))
          .withDeadlineAfter(10, TimeUnit.SECONDS).refreshQueues(RefreshQueuesRequest.getDefaultInstance())
          .hasRoot()).isTrue();
    }
  }

  @Test
  void aRevokedTokenIsRefused_namingTheRevocation() throws Exception {
    String alice = cluster.issue("alice");
    assertThat(cluster.client(cluster.withToken(alice)).getApplications(GetApplicationsRequest.getDefaultInstance()))
        .isNotNull();
    String id = alice.split("\\.")[1];
    UserTokenServiceGrpc.newBlockingStub(cluster.withToken(cluster.adminToken()))
        .withDeadlineAfter(10, TimeUnit.SECONDS).revokeToken(RevokeTokenRequest.newBuilder().setId(id).build());

    assertStatus(() -> cluster.client(cluster.withToken(alice)).getApplications(
        GetApplicationsRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED, id, "revoked");
    HttpResponse<String> web = web("GET", "/ws/v1/cluster/apps", alice, null);
    assertThat(web.statusCode()).isEqualTo(401);
    assertThat(web.body()).contains("revoked").doesNotContain(alice.split("\\.")[2]);
  }

  @Test
  void tokensSurviveARestartOnRocksDb_andRevocationsToo() throws Exception {
    String alice = cluster.issue("alice");
    String bob = cluster.issue("bob");
    UserTokenServiceGrpc.newBlockingStub(cluster.withToken(cluster.adminToken()))
        .withDeadlineAfter(10, TimeUnit.SECONDS).revokeToken(RevokeTokenRequest.newBuilder()
            .setId(bob.split("\\.")[1]).build());
    String app = cluster.submit(cluster.withToken(alice), "");

    cluster.restart();

    assertThat(state(alice, app)).isNotNull();
    assertStatus(() -> cluster.client(cluster.withToken(bob)).getApplications(
        GetApplicationsRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED, "revoked");
    assertThat(cluster.adminToken()).as("no second bootstrap token").isNotBlank();
    assertThat(UserTokenServiceGrpc.newBlockingStub(cluster.withToken(cluster.adminToken()))
        .withDeadlineAfter(10, TimeUnit.SECONDS).listTokens(io.weft.proto.ListTokensRequest.getDefaultInstance())
        .getTokensCount()).isEqualTo(3);
  }
}
