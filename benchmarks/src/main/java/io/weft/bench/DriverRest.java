package io.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import io.weft.common.lifecycle.Poll;
import io.weft.common.web.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;

/** A running Weft driver's REST API, reached through the RM's proxy at the application's tracking URL. */
final class DriverRest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private DriverRest() {}

  /**
   * Reads {@code path} below the tracking URL every 100 ms, once the application runs, until {@code found} (given
   * the tracking URL and the JSON answer) answers a value; fails naming {@code what} after {@code timeout}.
   */
  static <T> T await(WeftClient client, ApplicationId app, String path, BiFunction<String, JsonNode, Optional<T>> found,
      Duration timeout, String what) throws InterruptedException {
    return Poll.until(() -> {
      ApplicationReport report = client.getApplicationReport(app);
      if (report.getYarnApplicationState() != YarnApplicationState.RUNNING || report.getTrackingUrl().isBlank()) {
        return Optional.empty();
      }
      try {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(report.getTrackingUrl() + path))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() != 200 ? Optional.empty()
            : found.apply(report.getTrackingUrl(), Json.read(answer.body().getBytes(StandardCharsets.UTF_8)));
      } catch (IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }, Duration.ofMillis(100), timeout).orElseThrow(() -> new IllegalStateException(app + " " + what + " within "
        + timeout));
  }
}
