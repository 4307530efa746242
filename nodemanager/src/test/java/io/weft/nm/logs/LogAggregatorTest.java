package io.weft.nm.logs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.HostPort;
import io.weft.common.id.NodeId;
import io.weft.common.logstore.AggregatedLogs;
import io.weft.common.logstore.FileLogStore;
import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.GrpcLogStore;
import io.weft.common.rpc.Channels;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogAggregatorTest {
  private static final NodeId NODE = new NodeId("127.0.0.1", 45454);
  private static final ApplicationId APP = new ApplicationId(1_700_000_000_000L, 3);
  private static final ContainerId AM = new ContainerId(new ApplicationAttemptId(APP, 1), 1);
  private static final ContainerId WORKER = new ContainerId(new ApplicationAttemptId(APP, 1), 2);

  @TempDir
  Path logs;
  @TempDir
  Path storeDir;

  @Test
  void anEndedApplicationsLogsAreUploadedAsOneFileThenDeletedLocally() throws Exception {
    write(AM, "stdout", "am out\n");
    write(AM, "stderr", "");
    write(WORKER, "stdout", "x".repeat(200_000));
    FileLogStore store = new FileLogStore(storeDir);
    try (LogAggregator aggregator = new LogAggregator(NODE, logs, settings(() -> store, Duration.ZERO),
        Clock.systemUTC())) {
      aggregator.start();
      aggregator.applicationRunning(APP, "alice");
      assertThat(aggregator.reports()).containsExactly(new LogAggregator.Report(APP, LogAggregator.Status.NOT_START, ""));

      aggregator.applicationEnded(APP);
      await().until(() -> aggregator.reports().get(0).status() == LogAggregator.Status.SUCCEEDED);
      await().until(() -> !Files.exists(logs.resolve(APP.toString())));
    }
    assertThat(store.list(APP)).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("127.0.0.1_45454");
      assertThat(f.inProgress()).isFalse();
    });
    List<String> records = new ArrayList<>();
    try (InputStream in = store.open(APP, "127.0.0.1_45454", 0);
        AggregatedLogs.Reader reader = new AggregatedLogs.Reader(in)) {
      for (Optional<AggregatedLogs.Entry> e = reader.next(); e.isPresent(); e = reader.next()) {
        String content = new String(e.get().content().readAllBytes(), UTF_8);
        records.add(e.get().container() + " " + e.get().file() + " " + e.get().length() + " "
            + (content.length() > 10 ? content.substring(0, 10) : content.strip()));
      }
    }
    assertThat(records).containsExactly(AM + " stderr 0 ", AM + " stdout 7 am out", WORKER + " stdout 200000 xxxxxxxxxx");
  }

  @Test
  void aStoreThatCannotBeReachedEndsInFailedAndTheLogsStay() throws Exception {
    write(AM, "stdout", "kept\n");
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HostPort nowhere = new HostPort("127.0.0.1", closedPort);
    LogAggregator.Settings settings = new LogAggregator.Settings(() -> new GrpcLogStore(Channels.forAddress(nowhere),
        nowhere, Duration.ofSeconds(5), Duration.ofSeconds(5)), Duration.ZERO, Duration.ZERO, Duration.ofSeconds(2), 1);
    try (LogAggregator aggregator = new LogAggregator(NODE, logs, settings, Clock.systemUTC())) {
      aggregator.start();
      aggregator.applicationRunning(APP, "alice");
      aggregator.applicationEnded(APP);
      await().atMost(Duration.ofSeconds(30))
          .until(() -> aggregator.reports().get(0).status() == LogAggregator.Status.FAILED);
      assertThat(aggregator.reports().get(0).diagnostics()).contains(APP.toString()).contains(nowhere.toString())
          .contains("the logs stay on the node");
    }
    assertThat(Files.readString(logs.resolve(APP.toString()).resolve(AM.toString()).resolve("stdout"))).isEqualTo("kept\n");
  }

  @Test
  void runningApplicationsRollTheirLogsIntoTheStore() throws Exception {
    write(AM, "stdout", "early\n");
    FileLogStore store = new FileLogStore(storeDir);
    try (LogAggregator aggregator = new LogAggregator(NODE, logs, settings(() -> store, Duration.ofMillis(200)),
        Clock.systemUTC())) {
      aggregator.start();
      aggregator.applicationRunning(APP, "alice");
      await().until(() -> aggregator.reports().get(0).status() == LogAggregator.Status.RUNNING);
      assertThat(store.list(APP)).extracting(f -> f.name()).containsExactly("127.0.0.1_45454");
      assertThat(Files.exists(logs.resolve(APP.toString()))).as("a rolled upload keeps the local logs").isTrue();
    }
  }

  private static LogAggregator.Settings settings(java.util.function.Supplier<LogStore> store, Duration roll) {
    return new LogAggregator.Settings(store, roll, Duration.ZERO, Duration.ofSeconds(5), 2);
  }

  private void write(ContainerId container, String file, String content) throws Exception {
    Path dir = Files.createDirectories(logs.resolve(APP.toString()).resolve(container.toString()));
    Files.writeString(dir.resolve(file), content);
  }
}
