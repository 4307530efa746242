package io.weft.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stalled clients against a real server on a real socket: connections that send half a request, or
 * go quiet, hold no thread and are closed; slow handlers leave the quick ones answering; a body
 * over the limit is refused naming it.
 */
class WebServerStallTest {
  private static final int THREADS = 2;
  private final List<Socket> sockets = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private WebServer server;

  @AfterEach
  void close() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private WebServer serve(WebTimeouts timeouts) {
    server = WebServer.bind("test", new HostPort("127.0.0.1", 0), THREADS, timeouts);
    server.get("/ping", r -> WebResponse.text(200, "pong"));
    return server;
  }

  @Test
  void halfRequests_fromMoreClientsThanThreads_doNotStopOtherRequests_andAreDroppedAtTheReadTimeout()
      throws IOException {
    serve(new WebTimeouts(Duration.ofMinutes(5), Duration.ofMillis(500))).start();
    for (int i = 0; i < 4 * THREADS; i++) {
      stall("GET /pi");
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> ping(), body -> body.equals("pong"));
    // The idle timeout is far away: only the read timeout can close them.
    for (Socket s : sockets) {
      await("a stalled connection closed by the server").atMost(Duration.ofSeconds(20))
          .until(() -> closedByServer(s));
    }
  }

  @Test
  void aQuietConnection_isClosedAtTheIdleTimeout() throws IOException {
    serve(new WebTimeouts(Duration.ofMillis(500), Duration.ofMinutes(5))).start();
    Socket s = stall("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
    await().atMost(Duration.ofSeconds(20)).until(() -> closedByServer(s));
  }

  @Test
  void slowHandlers_leaveTheQuickRoutesAnswering() throws Exception {
    serve(WebTimeouts.DEFAULT);
    CountDownLatch release = new CountDownLatch(1);
    server.getSlow("/slow", r -> {
      release.await();
      return WebResponse.text(200, "slow");
    });
    server.start();
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < 4 * THREADS; i++) {
      slow.add(http.sendAsync(request("/slow"), HttpResponse.BodyHandlers.ofString()));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> ping(), body -> body.equals("pong"));
    assertThat(slow).noneMatch(CompletableFuture::isDone);
    release.countDown();
    for (CompletableFuture<HttpResponse<String>> f : slow) {
      assertThat(f.get().body()).isEqualTo("slow");
    }
  }

  @Test
  void aBodyOverTheLimit_isRefusedNamingTheLimit_beforeItIsSent() throws Exception {
    serve(WebTimeouts.DEFAULT);
    server.route("POST", "/echo", r -> WebResponse.text(200, r.body().length + " bytes"));
    server.start();
    // only the head: the server answers from the declared length, without waiting for the body
    Socket s = stall("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n");
    s.setSoTimeout(20_000);
    String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(answer).startsWith("HTTP/1.1 400")
        .contains("request body of 1048577 bytes exceeds the limit of 1048576 bytes");
    HttpResponse<String> small = http.send(HttpRequest.newBuilder(URI.create("http://" + server.address() + "/echo"))
        .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(small.body()).isEqualTo("5 bytes");
  }

  private Socket stall(String partial) throws IOException {
    HostPort address = server.address();
    Socket s = new Socket(address.host(), address.port());
    sockets.add(s);
    OutputStream out = s.getOutputStream();
    out.write(partial.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://" + server.address() + path)).timeout(Duration.ofSeconds(2))
        .build();
  }

  /** The body of GET /ping, or "" when it does not answer within its short timeout. */
  private String ping() throws InterruptedException {
    try {
      return http.send(request("/ping"), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    }
  }

  /** True once the server has closed {@code s} (end of stream or a reset); reads any answer first. */
  private static boolean closedByServer(Socket s) throws IOException {
    s.setSoTimeout(100);
    try {
      while (true) {
        if (s.getInputStream().read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
