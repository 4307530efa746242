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
 * The RM's REST handlers run at niceness 19 by default (weft.resourcemanager.webapp.handler-niceness), so a client
 * looping on a listing yields the CPU to scheduling: seen on the real handler threads, through /proc.
 */
class WebHandlerPriorityTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;

  @Test
  void restHandlers_runAtNiceness19_byDefault() throws Exception {
    try (RmHarness h = new RmHarness(grpc, staging, Map.of())) {
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://" + h.rm.webAddress() + "/ws/v1/cluster/info")).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);

      Map<String, Integer> handlers = nicenessOfThreads("rm-web-\\d+");
      assertThat(handlers).as("the handler that answered, at least").isNotEmpty();
      assertThat(handlers).allSatisfy((thread, nice) -> assertThat(nice).as(thread).isEqualTo(19));
    }
  }

  /** Niceness by thread (name and task id) of this process's threads whose name matches {@code name}. */
  private static Map<String, Integer> nicenessOfThreads(String name) throws IOException {
    Map<String, Integer> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String comm = Files.readString(task.resolve("comm")).strip();
          if (comm.matches(name)) {
            out.put(comm + " (" + task.getFileName() + ")", Niceness.of(task));
          }
        } catch (IOException ended) {
          // the thread ended while listed
        }
      }
    }
    return out;
  }
}
