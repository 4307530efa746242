package io.weft.it.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.HostPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random paths, query strings and bodies to every route of the RM's and NM's web servers (console,
 * REST, proxy, logs): every answer is a 2xx, 3xx or 4xx with content, never a 5xx, the servers go
 * on serving, and a distributed shell run afterwards succeeds.
 */
class WebFuzzTest {
  private static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "PUT", "DELETE");
  private static final AtomicLong TRIED = new AtomicLong();
  /** Well over Jetty's 8 KiB limit for a request head. */
  private static final int OVERSIZE_REQUEST_BYTES = 16 * 1024;

  private static Path workDir;
  private static FuzzCluster cluster;

  @BeforeContainer
  static void startCluster() throws Exception {
    workDir = Files.createTempDirectory("weft-web-fuzz");
    cluster = new FuzzCluster(workDir);
  }

  @AfterContainer
  static void checkTheClusterSurvived() {
    try {
      System.out.printf("fuzz: %d web requests tried%n", TRIED.get());
      if (cluster != null) {
        cluster.assertDaemonThreadsAlive();
        cluster.clearFuzzLeftovers();
        cluster.assertHeapBounded();
        cluster.assertApplicationRunSucceeds();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      FuzzFiles.deleteTree(workDir);
    }
  }

  @AfterProperty
  void serversStillServe() {
    cluster.assertDaemonThreadsAlive();
    assertThat(get(rmWeb(), "/ws/v1/cluster/info").status()).isEqualTo(200);
    assertThat(get(nmWeb(), "/ws/v1/node/info").status()).isEqualTo(200);
  }

  @Property(tries = 500)
  void randomRequests_toEveryRmRoute_getAnAnswerThatIsNotAServerError(@ForAll("rmRoutes") String route,
      @ForAll Random random) {
    String method = METHODS.get(random.nextInt(METHODS.size()));
    assertAnswered(rmWeb(), method, RandomRequests.target(route, random),
        method.equals("GET") ? null : RandomRequests.body(random));
  }

  @Property(tries = 300)
  void randomBodies_toTheRmWriteRoutes_getAnAnswerThatIsNotAServerError(@ForAll("rmWrites") String route,
      @ForAll Random random) {
    String[] methodAndPath = route.split(" ", 2);
    String contentType = random.nextInt(4) == 0 ? "text/plain" : "application/json";
    assertAnswered(rmWeb(), methodAndPath[0], RandomRequests.target(methodAndPath[1], random),
        contentType, RandomRequests.body(random));
  }

  @Property(tries = 300)
  void randomRequests_toEveryNmRoute_getAnAnswerThatIsNotAServerError(@ForAll("nmRoutes") String route,
      @ForAll Random random) {
    String method = METHODS.get(random.nextInt(METHODS.size()));
    assertAnswered(nmWeb(), method, RandomRequests.target(route, random),
        method.equals("GET") ? null : RandomRequests.body(random));
  }

  @Provide
  Arbitrary<String> rmRoutes() {
    return Arbitraries.of(RandomRequests.RM_ROUTES);
  }

  @Provide
  Arbitrary<String> rmWrites() {
    return Arbitraries.of(RandomRequests.RM_WRITES);
  }

  @Provide
  Arbitrary<String> nmRoutes() {
    return Arbitraries.of(RandomRequests.NM_ROUTES);
  }

  private static void assertAnswered(HostPort server, String method, byte[] target, byte[] body) {
    assertAnswered(server, method, target, "application/json", body);
  }

  private static void assertAnswered(HostPort server, String method, byte[] target, String contentType,
      byte[] body) {
    HttpProbe.Response response = HttpProbe.send(server, method, target, contentType, body);
    TRIED.incrementAndGet();
    String request = method + " " + HttpProbe.abbreviate(new String(target, StandardCharsets.UTF_8))
        + (body == null ? "" : " with " + HttpProbe.abbreviate(new String(body, StandardCharsets.UTF_8)));
    if (response.status() == -1 && target.length + (body == null ? 0 : body.length) > OVERSIZE_REQUEST_BYTES) {
      // Narrowed: Jetty may reset the connection of a request head far over its 8 KiB limit before
      // its 414/431 answer is read; the property after each run checks that it goes on serving.
      return;
    }
    assertThat(response.status()).as("status of %s\n%s", request, response).isBetween(200, 499);
    // Narrowed: Jetty itself refuses a request line it cannot parse (a control or raw byte, characters
    // no URI may hold) with a 400 of no content, before Weft's dispatcher sees it; every answer of
    // Weft's own (marked by its nosniff header) must say what was wrong.
    boolean jettysOwnBadRequest = response.status() == 400 && !response.fromWeft();
    if (response.status() >= 400 && !jettysOwnBadRequest) {
      assertThat(response.hasContent()).as("an error says what was wrong: %s\n%s", request, response).isTrue();
    }
  }

  private static HttpProbe.Response get(HostPort server, String path) {
    return HttpProbe.send(server, "GET", path.getBytes(StandardCharsets.US_ASCII), null, null);
  }

  private static HostPort rmWeb() {
    return cluster.cluster().rmWebAddress();
  }

  private static HostPort nmWeb() {
    return cluster.nodeManager().webAddress();
  }
}
