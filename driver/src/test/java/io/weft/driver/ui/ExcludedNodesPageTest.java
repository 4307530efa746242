package io.weft.driver.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.config.WeftConfig;
import io.weft.driver.status.AppStatusStore;
import io.weft.driver.status.AppStatusStore.ExcludedNodeView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The nodes the AM excluded appear on the executors page and in the API. */
class ExcludedNodesPageTest {
  private static String get(DriverUi ui, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ui.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void excludedNodes_areListedWithWhy() throws Exception {
    AppStatusStore store = new AppStatusStore(10, 10);
    try (DriverUi ui = DriverUi.start(WeftConfig.of(Map.of("weft.ui.port", "0")), "127.0.0.1", "127.0.0.1", store)
        .orElseThrow()) {
      assertThat(get(ui, "executors")).doesNotContain("Excluded nodes");
      ui.excludedNodes(List.of(new ExcludedNodeView("n7:8041", "2024-01-01T01:00:00Z",
          "2 executors failed there")));
      assertThat(get(ui, "executors")).contains("Excluded nodes").contains("n7:8041")
          .contains("2 executors failed there");
      assertThat(get(ui, "api/v1/excludedNodes")).contains("\"nodeId\":\"n7:8041\"");
    }
  }
}
