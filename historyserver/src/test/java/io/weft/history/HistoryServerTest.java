package io.weft.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryServerTest {
  @TempDir
  Path dir;

  @Test
  void servesItsWebRootAndKeepsTheStoreInItsDirectory() throws Exception {
    WeftConfig config = WeftConfig.empty()
        .with(CommonKeys.HISTORY_ADDRESS, "127.0.0.1:0")
        .with(CommonKeys.HISTORY_WEBAPP_ADDRESS, "127.0.0.1:0")
        .with(HistoryKeys.DIR, dir.toString());
    try (HistoryServer server = new HistoryServer(config)) {
      server.start();
      HttpResponse<String> root = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://" + server.webAddress() + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(root.statusCode()).isEqualTo(200);
      assertThat(root.body()).contains("history server");

      ApplicationId app = new ApplicationId(1_700_000_000_000L, 1);
      try (OutputStream out = server.store().create(app, "events")) {
        out.write('x');
      }
      assertThat(Files.readString(dir.resolve(app.toString()).resolve("events"))).isEqualTo("x");
    }
  }
}
