package io.weft.rm.web;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.rm.ResourceManager;
import io.weft.rm.config.RmKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: a harness for README's Performance figure. Starts a real RM (no NodeManagers, so every
 * application stays retained and ACCEPTED), submits N applications over the REST API, then times
 * {@code GET /ws/v1/cluster/apps} in several forms. Usage: {@code AppsListingBenchmark [apps] [rounds]}.
 */
public final class AppsListingBenchmark {
  private static final Pattern ID = Pattern.compile("\"application-id\":\"([^\"]+)\"");

  private AppsListingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    var staging = Files.createTempDirectory("weft-bench-staging");
    try (ResourceManager rm = new ResourceManager(WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0",
        CommonKeys.RM_WEBAPP_ADDRESS.key(), "127.0.0.1:0", RmKeys.STAGING_DIR.key(), staging.toString(),
        RmKeys.STORE_DIR.key(), staging.resolve("rm-state").toString())))) {
      rm.start();
      String base = "http://" + rm.webAddress();
      HttpClient http = HttpClient.newHttpClient();
      long t0 = System.nanoTime();
      for (int i = 0; i < apps; i++) {
        String fresh = send(http, "POST", base + "/ws/v1/cluster/apps/new-application", "");
        Matcher m = ID.matcher(fresh);
        m.find();
        send(http, "POST", base + "/ws/v1/cluster/apps", "{\"application-id\":\"" + m.group(1)
            + "\",\"application-name\":\"bench-" + i + "\",\"am-container-spec\":{\"commands\":{\"command\":"
            + "\"/bin/true\"}},\"resource\":{\"memory\":1024,\"vCores\":1}}");
      }
      System.out.printf("submitted %d applications over REST in %.1f s%n", apps, (System.nanoTime() - t0) / 1e9);
      for (String query : List.of("", "?offset=0&limit=50", "?offset=5000&limit=50&sort=name&order=asc",
          "?offset=0&limit=50&search=bench-9999", "?states=FINISHED", "?limit=100")) {
        List<Double> ms = new ArrayList<>();
        int bytes = 0;
        for (int r = 0; r < rounds + 5; r++) {
          long s = System.nanoTime();
          bytes = send(http, "GET", base + "/ws/v1/cluster/apps" + query, null).length();
          if (r >= 5) {
            ms.add((System.nanoTime() - s) / 1e6);
          }
        }
        Collections.sort(ms);
        System.out.printf("GET /ws/v1/cluster/apps%-45s median %7.1f ms  p90 %7.1f ms  (%d bytes)%n", query,
            ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.9)), bytes);
      }
    }
  }

  private static String send(HttpClient http, String method, String url, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
