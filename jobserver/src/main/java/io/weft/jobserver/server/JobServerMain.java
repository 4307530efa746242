package io.weft.jobserver.server;

import io.weft.common.config.WeftConfig;
import io.weft.common.lifecycle.Poll;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.launch.ContainerEnvironment;
import io.weft.driver.DriverKeys;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import io.weft.driver.ui.DriverUi;
import io.weft.jobserver.JobServerKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The job server's driver: {@code weft jobserver} submits a cluster-mode application whose main is this. It makes
 * one context, keeps it (and its executors) for every job, serves the REST API on the driver UI's server, and
 * returns when the context stops (idle shutdown, {@code weft.driver.idleTimeout}) or the application is killed.
 */
public final class JobServerMain {
  private static final Logger LOG = LogManager.getLogger();
  /** Uploaded jars, under the driver container's working directory (removed with it). */
  static final String JAR_DIR = "jobserver-jars";
  /** How often main looks whether the context was stopped under it (by idle shutdown). */
  private static final Duration STOPPED_CHECK = Duration.ofSeconds(1);

  private JobServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    WeftConf conf = new WeftConf();
    WeftConfig typed = WeftConfig.of(conf.getAll());
    JobServer.Settings settings = settings(typed);
    Thread thread = Thread.currentThread();
    // the context resolves task results through the loader current when it starts: the shared one, which
    // non-isolated jobs' jars join
    ServerClassLoader shared = new ServerClassLoader(thread.getContextClassLoader() != null
        ? thread.getContextClassLoader() : JobServerMain.class.getClassLoader());
    thread.setContextClassLoader(shared);
    OutputCapture.install();
    try (WeftContext weft = new WeftContext(conf); JobServer server = new JobServer(weft, shared, settings,
        Clock.systemUTC())) {
      DriverUi ui = weft.driverUi().orElseThrow(() -> new IllegalStateException("the job server serves on the "
          + "driver UI; weft.ui.enabled must stay true"));
      String owner = ContainerEnvironment.current().getOrDefault(ContainerEnv.USER,
          System.getProperty("user.name", "weft"));
      JobSubmissions submissions = new JobSubmissions(Path.of(JAR_DIR).toAbsolutePath(), shared,
          settings.maxJarBytes());
      DriverStatus status = new DriverStatus(weft, ui, server, owner,
          typed.get(DriverKeys.SCHEDULER_MODE));
      new JobRoutes(server, submissions, Callers.from(typed, owner), ui, status, weft::keepAlive).mount();
      LOG.info("job server of {} serves at {} (jobs: POST {}jobs)", weft.applicationId(), ui.url(), ui.url());
      awaitStopped(weft);
    }
  }

  private static void awaitStopped(WeftContext weft) throws InterruptedException {
    Poll.until(() -> weft.isStopped() ? Optional.of(true) : Optional.empty(), STOPPED_CHECK, null);
    LOG.info("the job server's context of {} was stopped; the job server ends", weft.applicationId());
  }

  static JobServer.Settings settings(WeftConfig typed) {
    long maxJarMb = typed.get(JobServerKeys.MAX_JAR_SIZE);
    long limitMb = 1024;
    if (maxJarMb > limitMb) {
      throw new IllegalArgumentException(JobServerKeys.MAX_JAR_SIZE.key() + " " + maxJarMb + " MB exceeds the limit"
          + " of " + limitMb + " MB (an upload is held in the driver's memory)");
    }
    return new JobServer.Settings(typed.get(JobServerKeys.MAX_CONCURRENT_JOBS),
        typed.get(JobServerKeys.MAX_QUEUED_JOBS), maxJarMb * 1024 * 1024, typed.get(JobServerKeys.RETAINED_JOBS),
        typed.get(JobServerKeys.MAX_LOG_LINES));
  }
}
