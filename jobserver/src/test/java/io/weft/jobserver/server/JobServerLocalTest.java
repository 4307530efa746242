package io.weft.jobserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.common.rpc.WeftException;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import io.weft.jobserver.Job;
import io.weft.jobserver.JobContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job queue on a local context: FIFO, one at a time, cancellation, failures, results and logs. */
class JobServerLocalTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Opened by the test to let {@link Blocking} end. */
  static volatile CountDownLatch release = new CountDownLatch(1);
  /** Counted down when {@link Blocking} starts. */
  static volatile CountDownLatch started = new CountDownLatch(1);

  /** Waits for the test (interruptibly: a cancelled job stops waiting). */
  public static final class Blocking implements Job<String> {
    @Override
    public String run(JobContext context) throws InterruptedException {
      started.countDown();
      if (!release.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
      return "released";
    }
  }

  /** Sums on the executors and prints. */
  public static final class Sum implements Job<Long> {
    @Override
    public Long run(JobContext context) {
      System.out.println("summing for " + context.user());
      context.log("args " + context.args());
      return context.weft().parallelize(List.of(1L, 2L, 3L), 2).reduce(Long::sum);
    }
  }

  /** Answers the FAIR scheduling pool its actions run in. */
  public static final class PoolName implements Job<String> {
    @Override
    public String run(JobContext context) {
      return context.weft().getLocalProperty("weft.scheduler.pool");
    }
  }

  public static final class Fails implements Job<String> {
    @Override
    public String run(JobContext context) {
      throw new IllegalArgumentException("no such table t1", new IllegalStateException("catalog down"));
    }
  }

  private WeftContext weft;
  private JobServer server;

  @BeforeEach
  void start() {
    release = new CountDownLatch(1);
    started = new CountDownLatch(1);
    OutputCapture.install();
    weft = new WeftContext(new WeftConf(false).setMaster("local[2]").setAppName("jobserver-test")
        .set("weft.ui.enabled", "false"));
    server = new JobServer(weft, new ServerClassLoader(getClass().getClassLoader()),
        new JobServer.Settings(1, 10, 1024 * 1024, 100, 100), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
    weft.stop();
  }

  private JobRecord submit(Class<?> job, String user, String... args) {
    return server.submit(new JobRequest(job.getName(), List.of(args), false, Optional.empty(), user));
  }

  private void awaitState(JobRecord job, JobState state) {
    await(job.id() + " " + state).atMost(WAIT).untilAsserted(() -> assertThat(job.state())
        .as("%s", job.view(true)).isEqualTo(state));
  }

  @Test
  void job_succeeds_withItsResultAndLog() {
    JobRecord job = submit(Sum.class, "alice", "x", "y");

    awaitState(job, JobState.SUCCEEDED);

    assertThat(job.view(true)).containsEntry("result", 6L).containsEntry("user", "alice");
    assertThat(job.log().lines()).contains("summing for alice", "args [x, y]");
  }

  @Test
  void job_runsInAPoolNamedAfterItsUser_andTheRunnerThreadForgetsIt() {
    JobRecord alices = submit(PoolName.class, "alice");
    JobRecord bobs = submit(PoolName.class, "bob");

    awaitState(alices, JobState.SUCCEEDED);
    awaitState(bobs, JobState.SUCCEEDED);

    assertThat(alices.view(true)).containsEntry("result", "alice");
    assertThat(bobs.view(true)).containsEntry("result", "bob");
  }

  @Test
  void failingJob_isFailedWithItsErrorAndCauses_andTheNextJobRuns() {
    JobRecord failing = submit(Fails.class, "alice");
    JobRecord next = submit(Sum.class, "bob");

    awaitState(failing, JobState.FAILED);
    awaitState(next, JobState.SUCCEEDED);

    assertThat((String) failing.view(true).get("error")).isEqualTo("java.lang.IllegalArgumentException: no such"
        + " table t1; caused by java.lang.IllegalStateException: catalog down");
    assertThat(failing.log().lines()).anyMatch(line -> line.contains("at " + Fails.class.getName()));
  }

  @Test
  void jobsRunOneAtATime_andAQueuedJobCancelledNeverStarts() throws InterruptedException {
    JobRecord first = submit(Blocking.class, "alice");
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    JobRecord second = submit(Sum.class, "bob");

    assertThat(second.state()).isEqualTo(JobState.QUEUED);
    server.cancel(second.id());
    release.countDown();
    awaitState(first, JobState.SUCCEEDED);

    assertThat(second.state()).isEqualTo(JobState.CANCELLED);
    assertThat(second.view(true)).containsEntry("started", null);
    assertThatThrownBy(() -> server.cancel(first.id())).isInstanceOf(WeftException.class)
        .hasMessageContaining("has already ended SUCCEEDED");
  }

  @Test
  void runningJob_cancelled_isInterruptedAndStaysCancelled() throws InterruptedException {
    JobRecord job = submit(Blocking.class, "alice");
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    server.cancel(job.id());
    JobRecord next = submit(Sum.class, "alice");

    awaitState(next, JobState.SUCCEEDED);
    assertThat(job.state()).isEqualTo(JobState.CANCELLED);
    assertThat(server.counts()).containsEntry(JobState.CANCELLED, 1).containsEntry(JobState.SUCCEEDED, 1);
  }
}
