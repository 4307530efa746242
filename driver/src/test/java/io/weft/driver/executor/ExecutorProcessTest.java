package io.weft.driver.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import io.weft.driver.WeftJobException;
import io.weft.driver.cluster.ClusterBackend;
import io.weft.driver.cluster.ClusterBackendHolder;
import io.weft.driver.rpc.AppCredentials;
import io.weft.driver.rpc.DriverEndpoint;
import io.weft.driver.scheduler.TaskScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Executors as real child JVMs dialling a driver endpoint served by the test. */
class ExecutorProcessTest {
  private static final String SECRET = "s3cret-for-test";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  final ExecutorProcesses executors = new ExecutorProcesses();

  @TempDir
  Path logs;

  private ClusterBackend backend;

  @AfterEach
  void closeBackend() {
    if (backend != null) {
      ClusterBackendHolder.uninstall(backend);
      backend.close();
    }
  }

  private ClusterBackend startBackend() {
    backend = new ClusterBackend("application_1_0001", AppCredentials.plaintext(SECRET), WeftConfig.empty(), Map.of(),
        2, () -> { });
    backend.start();
    ClusterBackendHolder.install(backend);
    return backend;
  }

  @Test
  void twoExecutorProcesses_runAJob_andExitZeroWhenTheContextStops() throws Exception {
    ClusterBackend cluster = startBackend();
    Process first = executors.start(cluster.driverAddress(), "1", 1, SECRET, logs);
    Process second = executors.start(cluster.driverAddress(), "2", 2, SECRET, logs);
    await("executors registered").atMost(WAIT).until(() -> cluster.scheduler().totalCores() == 3);

    WeftContext context = new WeftContext(new WeftConf(false).setMaster("weft").setAppName("process-test"));
    assertThat(context.applicationId()).isEqualTo("application_1_0001");
    assertThat(context.defaultParallelism()).isEqualTo(3);
    List<Integer> data = IntStream.rangeClosed(1, 1000).boxed().toList();
    assertThat(context.parallelize(data, 6).map(x -> (long) x * 2).reduce(Long::sum)).isEqualTo(1001L * 1000);
    assertThat(context.parallelize(data, 6).filter(x -> x % 10 == 0).collect()).hasSize(100).startsWith(10, 20);
    assertThatThrownBy(() -> context.parallelize(data, 2).map(x -> {
      throw new IllegalArgumentException("user says no to " + x);
    }).count()).isInstanceOf(WeftJobException.class).hasMessageContaining("IllegalArgumentException: user says no");

    context.stop();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isZero();
    assertThat(second.exitValue()).isZero();
  }

  @Test
  void executorWithTheWrongSecret_isRefused_andExits() throws Exception {
    ClusterBackend cluster = startBackend();
    Process intruder = executors.start(cluster.driverAddress(), "9", 1, "wrong-secret", logs);
    assertThat(intruder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(intruder.exitValue()).isEqualTo(Executor.EXIT_DRIVER_LOST);
    assertThat(Files.readString(logs.resolve("executor-9.err"))).contains("UNAUTHENTICATED");
    assertThat(cluster.scheduler().executorIds()).isEmpty();
  }

  @Test
  void executor_exitsNonZero_whenTheDriverGoesAway() throws Exception {
    TaskScheduler scheduler = new TaskScheduler(4);
    DriverEndpoint endpoint = DriverEndpoint.netty(new HostPort("127.0.0.1", 0), "application_1_0001",
        AppCredentials.plaintext(SECRET), scheduler, Map.of());
    endpoint.start();
    try {
      Process orphan = executors.start(endpoint.address(), "1", 1, SECRET, logs);
      await("executor registered").atMost(WAIT).until(() -> scheduler.executorIds().contains("1"));
      endpoint.close();
      assertThat(orphan.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(orphan.exitValue()).isEqualTo(Executor.EXIT_DRIVER_LOST);
    } finally {
      endpoint.close();
    }
  }

  @Test
  void executor_withBadArguments_exitsWithTwo() throws Exception {
    Process bad = executors.start(new HostPort("127.0.0.1", 1), "1", 1, SECRET, logs, "--bogus", "x");
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(ExecutorMain.EXIT_BAD_ARGUMENTS);
  }
}
