package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.common.config.WeftConfig;
import io.weft.common.testing.TestJars;
import io.weft.common.web.Json;
import io.weft.dist.JobServerCommand;
import io.weft.it.MiniWeftCluster.CliRun;
import io.weft.jobserver.server.JobServerMain;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's job server on a real cluster: {@code weft jobserver} starts it as a cluster-mode application with
 * two executors; jobs arrive over REST as jars compiled here, isolated ones see only their own classes on the
 * driver and on the executors, a failing job leaves the server serving, and the status answers through the RM's
 * proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobServerTest {
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
  /** Same class name in two jars; the answer comes from a method of the class, called in tasks on executors. */
  private static final String ANSWER_SOURCE = """
      package demo;

      import io.weft.driver.Pair;
      import io.weft.jobserver.Job;
      import io.weft.jobserver.JobContext;
      import java.io.Serializable;
      import java.util.ArrayList;
      import java.util.Collections;
      import java.util.List;
import java.util.Map;

      public class Answer implements Job<String> {
        /** Shuffled: the reducing tasks must read it with this jar's class. */
        public static final class Key implements Serializable {
          final int k;

          Key(int k) {
            this.k = k;
          }

          @Override
          public boolean equals(Object o) {
            return o instanceof Key other && other.k == k;
          }

          @Override
          public int hashCode() {
            return k;
          }
        }

        static String tag() {
          return "%s";
        }

        @Override
        public String run(JobContext context) {
          List<String> tagged = new ArrayList<>(context.weft().parallelize(List.of(1, 2, 3, 4), 4)
              .mapToPair(i -> Pair.of(new Key(i), i)).reduceByKey(Integer::sum, 2).toDataset()
              .map(p -> Answer.tag() + p.key().k).collect());
          Collections.sort(tagged);
          System.out.println("tagged " + tagged);
          return String.join(",", tagged);
        }
      }
      """;
  private static final String FAILING_SOURCE = """
      package demo;

      import io.weft.jobserver.Job;
      import io.weft.jobserver.JobContext;

      public class Boom implements Job<String> {
        @Override
        public String run(JobContext context) {
          throw new IllegalStateException("boom 42");
        }
      }
      """;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private MiniWeftCluster cluster;
  private Path work;
  private String appId;
  /** The driver's own URL: POST and DELETE go there (the RM proxy forwards GETs only). */
  private String driver;

  @BeforeAll
  void startJobServer(@TempDir Path workDir) throws Exception {
    work = workDir;
    cluster = new MiniWeftCluster(workDir.resolve("cluster"), 2, WeftConfig.empty());
    CliRun run = cluster.cli(JobServerCommand::new, "jobserver", "--num-executors", "2", "--executor-memory",
        "512m", "--driver-memory", "512m", "--server-jar", serverJar(workDir).toString(),
        "--conf", "weft.jobserver.maxJarSize=1m");
    assertThat(run.exit()).as("%s", run).isZero();
    appId = run.submittedApplication().toString();
    Matcher url = Pattern.compile("Job server: (http://\\S+/)").matcher(run.out());
    assertThat(url.find()).as("jobserver printed the driver's URL\n%s", run).isTrue();
    driver = url.group(1);
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void isolatedJobs_withTheSameClassName_eachSeeTheirOwnClassOnTheExecutors() throws Exception {
    Path jarA = jobJar("a", "demo.Answer", ANSWER_SOURCE.formatted("A"));
    Path jarB = jobJar("b", "demo.Answer", ANSWER_SOURCE.formatted("B"));

    JsonNode first = awaitEnded(submitJar(jarA, "demo.Answer", true));
    JsonNode second = awaitEnded(submitJar(jarB, "demo.Answer", true));

    assertThat(first.path("state").asText()).as("%s", first).isEqualTo("SUCCEEDED");
    assertThat(first.path("result").asText()).isEqualTo("A1,A2,A3,A4");
    assertThat(second.path("state").asText()).as("%s", second).isEqualTo("SUCCEEDED");
    assertThat(second.path("result").asText()).isEqualTo("B1,B2,B3,B4");
    JsonNode log = json(get(driver + "jobs/" + second.path("id").asText() + "/log"));
    assertThat(log.path("lines").toString()).contains("tagged [B1, B2, B3, B4]");
  }

  @Test
  void failingJob_isFailedWithItsError_andTheServerRunsTheNextJob() throws Exception {
    Path boom = jobJar("boom", "demo.Boom", FAILING_SOURCE);
    Path answer = jobJar("after-boom", "demo.Answer", ANSWER_SOURCE.formatted("C"));

    JsonNode failed = awaitEnded(submitJar(boom, "demo.Boom", true));
    JsonNode next = awaitEnded(submitJar(answer, "demo.Answer", true));

    assertThat(failed.path("state").asText()).as("%s", failed).isEqualTo("FAILED");
    assertThat(failed.path("error").asText()).contains("IllegalStateException: boom 42");
    assertThat(next.path("state").asText()).as("%s", next).isEqualTo("SUCCEEDED");
    assertThat(next.path("result").asText()).isEqualTo("C1,C2,C3,C4");
  }

  @Test
  void driverStatus_throughTheRmProxy_namesTheApplicationAndItsExecutors() throws Exception {
    String proxied = "http://" + cluster.cluster().rmWebAddress() + "/proxy/" + appId + "/driver/status";

    AtomicReference<JsonNode> status = new AtomicReference<>();
    await("the job server's two executors in its status").atMost(JOB_TIMEOUT).untilAsserted(() -> {
      status.set(json(get(proxied)));
      assertThat(status.get().path("executors")).as("%s", status.get()).hasSize(2);
    });

    assertThat(status.get().path("applicationId").asText()).isEqualTo(appId);
    assertThat(status.get().path("url").asText()).isEqualTo(driver);
    assertThat(status.get().path("port").asInt()).isPositive();
    assertThat(status.get().path("executors").get(0).path("host").asText()).isNotEmpty();
    assertThat(status.get().has("jobsRunning")).isTrue();
  }

  @Test
  void badSubmissions_get400NamingTheValueAndTheLimit() throws Exception {
    Path jar = jobJar("bad", "demo.Answer", ANSWER_SOURCE.formatted("X"));

    assertThat(post(driver + "jobs?isolated=true", Files.readAllBytes(jar), "application/java-archive"))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
        .satisfies(r -> assertThat(r.body()).contains("className is missing"));
    assertThat(post(driver + "jobs?className=demo.Nope", Files.readAllBytes(jar), "application/java-archive"))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
        .satisfies(r -> assertThat(r.body()).contains("class demo.Nope is not in the uploaded jar"));
    assertThat(post(driver + "jobs?className=demo.Answer", "not a jar".getBytes(StandardCharsets.UTF_8),
        "application/java-archive"))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
        .satisfies(r -> assertThat(r.body()).contains("is not a jar"));
    assertThat(post(driver + "jobs?className=demo.Answer&isolated=maybe", Files.readAllBytes(jar),
        "application/java-archive"))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
        .satisfies(r -> assertThat(r.body()).contains("isolated 'maybe' must be true or false"));
    assertThat(headOnlyPost("jobs?className=demo.Answer", 2 * 1024 * 1024))
        .startsWith("HTTP/1.1 400").contains("exceeds the limit of 1048576 bytes (weft.jobserver.maxJarSize)");
    assertThat(post(driver + "jobs", "{\"className\": \"demo.Answer\", \"colour\": 1}".getBytes(StandardCharsets.UTF_8),
        "application/json"))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
        .satisfies(r -> assertThat(r.body()).contains("unknown field 'colour'"));
  }

  /**
   * The answer to a POST of {@code length} bytes whose body is never sent: the server refuses an upload over its
   * limit from the declared length (a client still sending it would meet a connection closed under it).
   */
  private String headOnlyPost(String path, long length) throws IOException {
    URI uri = URI.create(driver + path);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("POST " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: "
          + uri.getHost() + "\r\nContent-Type: application/java-archive\r\nContent-Length: " + length
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** POSTs the jar; answers the new job's id after checking the 201 and its Location. */
  private String submitJar(Path jar, String className, boolean isolated) throws Exception {
    HttpResponse<String> answer = post(driver + "jobs?className=" + className + "&isolated=" + isolated
        + "&user.name=alice", Files.readAllBytes(jar), "application/java-archive");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    String id = json(answer.body()).path("id").asText();
    assertThat(answer.headers().firstValue("Location")).contains("jobs/" + id);
    return id;
  }

  private JsonNode awaitEnded(String id) {
    AtomicReference<JsonNode> job = new AtomicReference<>();
    await("job " + id + " to end").atMost(JOB_TIMEOUT).untilAsserted(() -> {
      job.set(json(get(driver + "jobs/" + id + "?user.name=alice")));
      assertThat(job.get().path("state").asText()).as("%s", job.get()).isIn("SUCCEEDED", "FAILED", "CANCELLED");
    });
    return job.get();
  }

  private String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as("GET %s: %s", url, answer.body()).isEqualTo(200);
    return answer.body();
  }

  private HttpResponse<String> post(String url, byte[] body, String type) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String body) {
    return Json.read(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Compiles {@code source} (class {@code className}) against this JVM's class path into a jar of its own. */
  private Path jobJar(String name, String className, String source) throws IOException {
    Path dir = Files.createDirectories(work.resolve("jobs").resolve(name));
    return TestJars.compile(dir.resolve(name + ".jar"), Map.of(className.substring(className.lastIndexOf('.') + 1),
        source));
  }

  /** The job server's jar: its classes as a jar, when the build put them in a directory. */
  private static Path serverJar(Path workDir) throws Exception {
    Path location = Path.of(JobServerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return Files.isRegularFile(location) ? location : TestJars.pack(location, workDir.resolve("weft-jobserver.jar"));
  }
}
