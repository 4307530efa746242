package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.lifecycle.Niceness;
import io.weft.common.testing.InProcessGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RM's REST handlers run at niceness 19 and under SCHED_IDLE by default (weft.resourcemanager.webapp.
 * handler-niceness and handler-idle-policy), so a client looping on a listing yields the CPU to scheduling: seen on
 * the real handler threads, through /proc.
 */
class WebHandlerPriorityTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;

  @Test
  void restHandlers_runAtNiceness19_byDefault() throws Exception {
    try (RmHarness h = new RmHarness(grpc, staging, Map.of())) {
      assertThat(getInfo(h).statusCode()).isEqualTo(200);

      Map<String, Integer> handlers = nicenessOfThreads("rm-web-\\d+");
      assertThat(handlers).as("the handler that answered, at least").isNotEmpty();
      assertThat(handlers).allSatisfy((thread, nice) -> assertThat(nice).as(thread).isEqualTo(19));
      assertThat(idleOfThreads("rm-web-\\d+")).allSatisfy((thread, idle) -> assertThat(idle).as(thread).isTrue());
    }
  }

  @Test
  void restHandlers_leaveTheIdlePolicy_whenConfiguredTo() throws Exception {
    try (RmHarness h = new RmHarness(grpc, staging, Map.of("weft.resourcemanager.webapp.handler-idle-policy",
        "false"))) {
      assertThat(getInfo(h).statusCode()).isEqualTo(200);

      Map<String, Boolean> handlers = idleOfThreads("rm-web-\\d+");
      assertThat(handlers).as("the handler that answered, at least").isNotEmpty();
      assertThat(handlers).allSatisfy((thread, idle) -> assertThat(idle).as(thread).isFalse());
    }
  }

  private static HttpResponse<String> getInfo(RmHarness h) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://" + h.rm.webAddress() + "/ws/v1/cluster/info")).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Integer> nicenessOfThreads(String name) throws IOException {
    return ofThreads(name, Niceness::of);
  }

  private static Map<String, Boolean> idleOfThreads(String name) throws IOException {
    return ofThreads(name, Niceness::idle);
  }

  /** {@code read} of each of this process's threads whose name matches {@code name}, by name and task id. */
  private static <T> Map<String, T> ofThreads(String name, TaskReading<T> read) throws IOException {
    Map<String, T> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String comm = Files.readString(task.resolve("comm")).strip();
          if (comm.matches(name)) {
            out.put(comm + " (" + task.getFileName() + ")", read.of(task));
          }
        } catch (IOException ended) {
          // the thread ended while listed
        }
      }
    }
    return out;
  }

  @FunctionalInterface
  private interface TaskReading<T> {
    T of(Path task) throws IOException;
  }
}
