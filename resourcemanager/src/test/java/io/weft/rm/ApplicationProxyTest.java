package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.rm.config.RmKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web proxy trusts nothing of the tracking URL an AM registers (issue 13 item 4): it forwards
 * only to cluster nodes, within timeouts and a size limit, on a bounded pool of its own, and what
 * it relays may not run scripts and carries no cookies. The harness's only node is 127.0.0.1.
 */
class ApplicationProxyTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> servers = new ArrayList<>();
  private RmHarness h;
  private RmHarness.Node node;
  private int amLaunches;

  private void start(Map<String, String> conf) {
    h = new RmHarness(grpc, staging, conf);
    node = h.registerNode("127.0.0.1", 40111, 8192, 8);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable server : servers) {
      server.close();
    }
    h.close();
  }

  /** A running application whose AM registered {@code trackingUrl}. */
  private String appTrackedAt(String trackingUrl) {
    String appId = h.submit(1024);
    h.am(RmHarness.amrmToken(h.awaitStart(node, ++amLaunches))).registerApplicationMaster(
        RegisterApplicationMasterRequest.newBuilder().setTrackingUrl(trackingUrl).build());
    return appId;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://" + h.rm.webAddress() + path))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A tracked UI on {@code host}: {@code /page} (HTML with a cookie), {@code /big}, redirects in and out. */
  private HttpServer trackedUi(String host, List<String> asked) throws IOException {
    HttpServer ui = HttpServer.create(new InetSocketAddress(host, 0), 0);
    ui.createContext("/", exchange -> {
      asked.add(exchange.getRequestURI().toString());
      String path = exchange.getRequestURI().getPath().replaceFirst("^/ui/", "/");
      byte[] body = path.equals("/big") ? new byte[4096]
          : "<html><script>document.cookie</script>page</html>".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html");
      exchange.getResponseHeaders().add("Set-Cookie", "session=stolen; Path=/");
      if (path.equals("/moved")) {
        exchange.getResponseHeaders().set("Location", exchange.getRequestURI().getPath().startsWith("/ui/")
            ? "/ui/page?from=moved" : "/page?from=moved");
        exchange.sendResponseHeaders(302, -1);
      } else if (path.equals("/away")) {
        exchange.getResponseHeaders().set("Location", "http://127.0.0.2:9/secret");
        exchange.sendResponseHeaders(302, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    ui.start();
    servers.add(() -> ui.stop(0));
    return ui;
  }

  @Test
  void aWeftDriversApplicationThatEnded_isRedirectedToTheHistoryServer_whenItHasTheEventLog() throws Exception {
    Set<String> logged = ConcurrentHashMap.newKeySet();
    HttpServer history = historyServer(logged);
    String historyAddress = "127.0.0.1:" + history.getAddress().getPort();
    start(Map.of("weft.historyserver.webapp.address", historyAddress));
    String appId = h.submit(1024); // the harness submits type WEFT, as weft submit does
    io.weft.proto.StartContainerRequest launch = h.awaitStart(node, ++amLaunches);
    var am = h.am(RmHarness.amrmToken(launch));
    am.registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());
    assertThat(get("/proxy/" + appId + "/jobs").statusCode()).as("while it runs: the proxy's own page")
        .isEqualTo(200);
    am.finishApplicationMaster(io.weft.proto.FinishApplicationMasterRequest.newBuilder()
        .setFinalApplicationStatus(io.weft.proto.FinalApplicationStatus.FINAL_SUCCEEDED).build());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      h.heartbeat(node, RmHarness.exited(FakeNodeManager.containerId(launch), 0));
      assertThat(h.report(appId).getState()).isEqualTo(io.weft.proto.YarnApplicationState.FINISHED);
    });
    assertThat(get("/proxy/" + appId + "/").statusCode()).as("no event log there: the final state here")
        .isEqualTo(200);

    logged.add(appId);
    HttpResponse<String> stage = get("/proxy/" + appId + "/stage?id=3&attempt=0");
    assertThat(stage.statusCode()).isEqualTo(302);
    assertThat(stage.headers().firstValue("Location")).hasValue("http://" + historyAddress + "/history/" + appId
        + "/stage?id=3&attempt=0");
    assertThat(get("/proxy/" + appId + "/").headers().firstValue("Location"))
        .hasValue("http://" + historyAddress + "/history/" + appId + "/");
  }

  /** The history server's answer the proxy asks for: 200 for an application whose event log it has, else 404. */
  private HttpServer historyServer(Set<String> logged) throws IOException {
    HttpServer history = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    history.createContext("/api/v1/applications/", exchange -> {
      String app = exchange.getRequestURI().getPath().substring("/api/v1/applications/".length());
      exchange.sendResponseHeaders(logged.contains(app) ? 200 : 404, -1);
      exchange.close();
    });
    history.start();
    servers.add(() -> history.stop(0));
    return history;
  }

  @Test
  void relayedPages_mayNotScript_haveNoCookies_andRedirectsStayBelowTheTrackingUrl() throws Exception {
    start(Map.of());
    List<String> asked = new CopyOnWriteArrayList<>();
    HttpServer ui = trackedUi("127.0.0.1", asked);
    String appId = appTrackedAt("http://127.0.0.1:" + ui.getAddress().getPort() + "/ui/");

    // a path that reads as another URL, or climbs, stays below the tracking URL
    assertThat(get("/proxy/" + appId + "/http:%2F%2F127.0.0.2:9%2Fsecret").statusCode()).isEqualTo(200);
    assertThat(get("/proxy/" + appId + "/a/%2e%2e/%2E%2E/outside").statusCode()).isEqualTo(200);
    assertThat(asked).allSatisfy(path -> assertThat(path).startsWith("/ui/")).hasSize(2);

    HttpResponse<String> page = get("/proxy/" + appId + "/page");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("page");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
        .contains("script-src 'none'").contains("frame-src 'none'").contains("form-action 'none'"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().allValues("Set-Cookie")).isEmpty();

    HttpResponse<String> moved = get("/proxy/" + appId + "/moved");
    assertThat(moved.statusCode()).isEqualTo(302);
    assertThat(moved.headers().firstValue("Location")).hasValue("/proxy/" + appId + "/page?from=moved");

    HttpResponse<String> away = get("/proxy/" + appId + "/away");
    assertThat(away.statusCode()).isEqualTo(502);
    assertThat(away.headers().firstValue("Location")).isEmpty();
    assertThat(away.body()).contains("redirected to http://127.0.0.2:9/secret, outside the application")
        .contains("does not follow it");
  }

  @Test
  void trackingUrlOnAHostThatIsNoNode_isRefusedNamingWhy_andNeverContacted() throws Exception {
    start(Map.of());
    List<String> asked = new CopyOnWriteArrayList<>();
    HttpServer elsewhere = trackedUi("127.0.0.2", asked);
    String appId = appTrackedAt("http://127.0.0.2:" + elsewhere.getAddress().getPort() + "/");

    HttpResponse<String> refused = get("/proxy/" + appId + "/page");
    assertThat(refused.statusCode()).isEqualTo(502);
    assertThat(refused.body()).contains("tracking URL host 127.0.0.2 [127.0.0.2] is neither a cluster node "
        + "[127.0.0.1] nor the host the application was submitted from");
    assertThat(asked).isEmpty();
  }

  @Test
  void clientModeDriver_onTheHostItWasSubmittedFrom_isProxied_butNotForAnApplicationSubmittedElsewhere()
      throws Exception {
    h = new RmHarness(grpc, staging, Map.of());
    node = h.registerNode("127.0.0.3", 40111, 65536, 8); // room for two AMs within the AM share
    HttpServer driverUi = trackedUi("127.0.0.1", new CopyOnWriteArrayList<>());
    String url = "http://127.0.0.1:" + driverUi.getAddress().getPort() + "/";
    io.grpc.ManagedChannel overTheNetwork = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
        .forAddress("127.0.0.1", h.rm.address().port()).usePlaintext().build();
    servers.add(overTheNetwork::shutdownNow);
    String fromHere = h.newApplication();
    io.weft.proto.ApplicationClientServiceGrpc.newBlockingStub(overTheNetwork).withDeadlineAfter(30,
        java.util.concurrent.TimeUnit.SECONDS).submitApplication(io.weft.proto.SubmitApplicationRequest.newBuilder()
        .setSubmissionContext(RmHarness.submission(fromHere, 1024)).build());
    h.am(RmHarness.amrmToken(h.awaitStart(node, ++amLaunches))).registerApplicationMaster(
        RegisterApplicationMasterRequest.newBuilder().setTrackingUrl(url).build());
    assertThat(get("/proxy/" + fromHere + "/page").statusCode()).isEqualTo(200);

    // submitted in-process: no network address, so only the node 127.0.0.3 may be proxied to
    String unknownOrigin = appTrackedAt(url);
    HttpResponse<String> refused = get("/proxy/" + unknownOrigin + "/page");
    assertThat(refused.statusCode()).isEqualTo(502);
    assertThat(refused.body()).contains("is neither a cluster node [127.0.0.3] nor the host the application was "
        + "submitted from (not known");
  }

  @Test
  void answerLargerThanTheLimit_isCutWithAClearError() throws Exception {
    start(Map.of(RmKeys.WEB_PROXY_MAX_RESPONSE_BYTES.key(), "1024"));
    HttpServer ui = trackedUi("127.0.0.1", new CopyOnWriteArrayList<>());
    String appId = appTrackedAt("http://127.0.0.1:" + ui.getAddress().getPort() + "/");

    HttpResponse<String> big = get("/proxy/" + appId + "/big");
    assertThat(big.statusCode()).isEqualTo(502);
    assertThat(big.body()).contains("was cut: it exceeds the limit of 1024 bytes (weft.web-proxy.max-response-bytes)");
    assertThat(get("/proxy/" + appId + "/page").statusCode()).isEqualTo(200);
  }

  /** A server that accepts connections and never answers; counts the connections it holds. */
  private static final class SilentServer implements AutoCloseable {
    final ServerSocket socket;
    final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SilentServer() throws IOException {
      socket = new ServerSocket(0, 64, java.net.InetAddress.getByName("127.0.0.1"));
      acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(socket.accept());
          }
        } catch (IOException closed) {
          // the test is over
        }
      }, "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    /**
     * Closes the listener, then every connection it accepted. The JDK's HTTP client retries a GET once on a new
     * connection when one is closed unanswered, and a thread blocked in accept() can still take that connection
     * after close(): so the acceptor is waited for before the connections are closed, or a late one would stay open
     * and its request hang.
     */
    @Override
    public void close() throws IOException {
      socket.close();
      try {
        acceptor.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void trackingUrlThatNeverAnswers_isA504AfterTheReadTimeout() throws Exception {
    start(Map.of(RmKeys.WEB_PROXY_READ_TIMEOUT.key(), "300"));
    SilentServer silent = new SilentServer();
    servers.add(silent);
    String appId = appTrackedAt("http://127.0.0.1:" + silent.socket.getLocalPort() + "/");

    HttpResponse<String> stuck = get("/proxy/" + appId + "/jobs");
    assertThat(stuck.statusCode()).isEqualTo(504);
    assertThat(stuck.body()).contains("did not answer within 300 ms (weft.web-proxy.read-timeout-ms)");
  }

  @Test
  void manyRequestsStuckOnASlowAm_leaveTheConsoleAnswering_andTheExcessIsTurnedAwayAtOnce() throws Exception {
    start(Map.of(RmKeys.WEB_PROXY_READ_TIMEOUT.key(), "600000"));
    SilentServer silent = new SilentServer();
    servers.add(silent);
    String appId = appTrackedAt("http://127.0.0.1:" + silent.socket.getLocalPort() + "/");

    List<CompletableFuture<HttpResponse<String>>> proxied = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      proxied.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + h.rm.webAddress() + "/proxy/"
          + appId + "/jobs")).build(), HttpResponse.BodyHandlers.ofString()));
    }
    int bound = io.weft.common.config.WeftConfig.empty().get(RmKeys.WEB_PROXY_MAX_CONCURRENT_REQUESTS);
    AtomicInteger busy = new AtomicInteger();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      busy.set((int) proxied.stream().filter(f -> f.isDone() && f.join().statusCode() == 503).count());
      assertThat(silent.held).as("connections the proxy holds open on the silent AM").hasSize(bound);
      assertThat(busy.get()).as("requests answered 503 at once").isEqualTo(20 - bound);
    });
    // the proxy's bounded requests are stuck; the console and REST still answer
    assertThat(get("/cluster/apps").statusCode()).isEqualTo(200);
    assertThat(get("/ws/v1/cluster/apps").statusCode()).isEqualTo(200);
    assertThat(get("/cluster/app/" + appId).statusCode()).isEqualTo(200);
    assertThat(get("/proxy/" + appId + "/jobs").body()).contains("The proxy is busy");
    assertThat(proxied.stream().filter(f -> !f.isDone()).count()).as("still stuck").isEqualTo(bound);
    silent.close();
    await().atMost(Duration.ofSeconds(60)).until(() -> proxied.stream().allMatch(CompletableFuture::isDone));
  }
}
