package io.weft.rm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.YarnApplicationState;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console with token authentication, over real HTTP as a browser sends it: log in with a token,
 * kill with the session cookie and the page's CSRF token; a cross-site request is refused.
 */
class ConsoleSessionTest {
  private static final Pattern CSRF = Pattern.compile("<meta name=\"weft-csrf\" content=\"([^\"]+)\">");

  @TempDir Path dir;
  TokenRm cluster;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() {
    cluster = new TokenRm(dir, Map.of());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(cluster.webBase() + path));
  }

  /** Logs in with {@code token}; the session cookie ("name=value"). */
  private String login(String token) throws Exception {
    HttpResponse<String> r = send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", cluster.webBase()).header("Sec-Fetch-Site", "same-origin")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
            + "&next=%2Fcluster%2Fapps")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).contains("/cluster/apps");
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
    return cookie.substring(0, cookie.indexOf(';'));
  }

  private YarnApplicationState state(String app) throws Exception {
    return cluster.client(cluster.withToken(cluster.adminToken())).getApplicationReport(
        GetApplicationReportRequest.newBuilder().setApplicationId(app).build()).getReport().getState();
  }

  private HttpResponse<String> kill(String app, String cookie, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = request("/ws/v1/cluster/apps/" + app + "/state").header("Cookie", cookie)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"KILLED\"}"));
    headers.forEach(b::header);
    return send(b);
  }

  @Test
  void theKillButton_worksWithTheSessionCookie_andItsCsrfToken() throws Exception {
    String alice = cluster.issue("alice");
    String app = cluster.submit(cluster.withToken(alice), "");
    String cookie = login(alice);

    HttpResponse<String> page = send(request("/cluster/app/" + app).header("Cookie", cookie));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Logged in as alice").contains("authentication: token");
    Matcher csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).as(page.body()).isTrue();

    // what console.js's kill button sends: same origin, the cookie, the page's token in X-Weft-CSRF
    HttpResponse<String> killed = kill(app, cookie, Map.of("X-Weft-CSRF", csrf.group(1), "Origin", cluster.webBase(),
        "Sec-Fetch-Site", "same-origin"));
    assertThat(killed.statusCode()).as(killed.body()).isIn(200, 202);
    await().atMost(Duration.ofSeconds(10)).until(() -> state(app) == YarnApplicationState.KILLED);
  }

  @Test
  void crossSiteRequests_withTheSessionCookie_areRefused_andTheApplicationKeepsRunning() throws Exception {
    String alice = cluster.issue("alice");
    String app = cluster.submit(cluster.withToken(alice), "");
    String cookie = login(alice);

    // another site's page: the browser attaches the cookie but the page cannot know the CSRF token
    HttpResponse<String> fromEvil = kill(app, cookie, Map.of("Origin", "https://evil.example",
        "Sec-Fetch-Site", "cross-site"));
    assertThat(fromEvil.statusCode()).isEqualTo(403);
    assertThat(fromEvil.body()).contains("cross-site");
    // a client that hides its origin still lacks the token
    HttpResponse<String> noToken = kill(app, cookie, Map.of());
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("CSRF");
    HttpResponse<String> wrongToken = kill(app, cookie, Map.of("X-Weft-CSRF", "guessed"));
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    // a cross-site form POST submitting an application
    HttpResponse<String> formSubmit = send(request("/ws/v1/cluster/apps").header("Cookie", cookie)
        .header("Content-Type", "text/plain").header("Origin", "https://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString("{\"application-id\":\"" + app + "\"}")));
    assertThat(formSubmit.statusCode()).isEqualTo(403);

    assertThat(state(app)).isNotEqualTo(YarnApplicationState.KILLED);
  }

  @Test
  void logout_endsTheSession() throws Exception {
    String alice = cluster.issue("alice");
    String cookie = login(alice);
    HttpResponse<String> page = send(request("/cluster").header("Cookie", cookie));
    Matcher csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).isTrue();
    HttpResponse<String> out = send(request("/logout").header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1))));
    assertThat(out.statusCode()).as(out.body()).isEqualTo(303);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(send(request("/ws/v1/cluster/apps").header("Cookie", cookie)).statusCode()).isEqualTo(401);
  }

  @Test
  void aWrongTokenAtLogin_isTold_andOpensNoSession() throws Exception {
    HttpResponse<String> r = send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=weft1.0123456789abcdef.nope")));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("unknown");
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
  }
}
