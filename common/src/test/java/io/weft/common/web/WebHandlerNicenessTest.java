package io.weft.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.HostPort;
import io.weft.common.lifecycle.Niceness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Handlers run at the CPU priority the server was given, quick and slow ones alike, on a real server and socket. */
class WebHandlerNicenessTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private WebServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  private WebServer serve() {
    server = WebServer.bind("nice", new HostPort("127.0.0.1", 0), 2);
    server.get("/niceness", r -> WebResponse.text(200, Integer.toString(Niceness.ofCurrentThread())));
    server.getSlow("/slow/niceness", r -> WebResponse.text(200, Integer.toString(Niceness.ofCurrentThread())));
    server.get("/idle", r -> WebResponse.text(200, Boolean.toString(Niceness.currentThreadIdle())));
    server.getSlow("/slow/idle", r -> WebResponse.text(200, Boolean.toString(Niceness.currentThreadIdle())));
    return server;
  }

  @Test
  void handlersGivenANiceness_runAtIt() throws Exception {
    serve().handlersAtNiceness(Niceness.MAX).start();

    assertThat(get("/niceness")).isEqualTo("19");
    assertThat(get("/slow/niceness")).isEqualTo("19");
  }

  @Test
  void handlersUnderTheIdlePolicy_runUnderIt_atTheirNicenessToo() throws Exception {
    serve().handlersAtNiceness(Niceness.MAX).handlersUnderIdlePolicy().start();

    assertThat(get("/idle")).isEqualTo("true");
    assertThat(get("/slow/idle")).isEqualTo("true");
    assertThat(get("/niceness")).isEqualTo("19");
  }

  @Test
  void byDefault_handlersRunAsTheProcessDoes() throws Exception {
    serve().start();

    assertThat(get("/niceness")).isEqualTo(Integer.toString(Niceness.ofCurrentThread()));
    assertThat(get("/idle")).isEqualTo("false");
  }

  @Test
  void aNicenessOutOfRange_orAfterTheStart_isRefused() {
    serve();
    assertThatThrownBy(() -> server.handlersAtNiceness(20)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("20").hasMessageContaining("0..19");
    server.start();
    assertThatThrownBy(() -> server.handlersAtNiceness(10)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("started");
    assertThatThrownBy(server::handlersUnderIdlePolicy).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("started");
  }

  private String get(String path) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://" + server.address() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }
}
