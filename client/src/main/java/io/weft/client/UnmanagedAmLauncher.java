package io.weft.client;

import static java.util.Objects.requireNonNull;

import io.weft.client.records.ApplicationReport;
import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.client.records.YarnApplicationAttemptState;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.lifecycle.Poll;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an unmanaged AM (YARN's {@code UnmanagedAMLauncher}): submits an application built with
 * {@link AppSubmission.Builder#unmanaged()}, waits until the ResourceManager hands its owner the attempt's AMRM
 * token, and gives the AM the environment a container AM finds, so that
 * {@code io.weft.am.client.AmRmClient.fromEnvironment(launch.environment())} works in this JVM, and
 * {@link Launch#start} runs any AM as a child process:
 *
 * <pre>{@code
 * UnmanagedAmLauncher launcher = new UnmanagedAmLauncher(client, config);
 * UnmanagedAmLauncher.Launch launch = launcher.submit(AppSubmission.builder(app.id()).unmanaged().build());
 * Process am = launch.start(List.of("java", "-cp", cp, "com.example.MyAm"), workDir);   // or in this JVM:
 * AmRmClient rm = AmRmClient.fromEnvironment(launch.environment());
 * }</pre>
 *
 * <p>The AM's container id is the attempt's container 0 (YARN's choice; granted containers start at 1); its
 * node is this host, with no NodeManager ports. The RM fails the attempt, and the application, when the AM does
 * not call it within {@code weft.resourcemanager.am.liveness-monitor.expiry-interval-ms}.
 */
public final class UnmanagedAmLauncher {
  /** How long {@link #submit(ApplicationSubmissionContext)} waits for the attempt's token. */
  public static final Duration DEFAULT_TOKEN_WAIT = Duration.ofSeconds(60);
  /** How often the RM is asked for the token: the attempt exists from submission, so the first answer usually has it. */
  private static final Duration LOOK_AGAIN = Duration.ofMillis(20);

  private final WeftClient client;
  private final TlsSettings tls;

  /** Launches through {@code client}; {@code config}'s TLS settings (if any) are handed to the AM. */
  public UnmanagedAmLauncher(WeftClient client, WeftConfig config) {
    this(client, TlsSettings.of(config));
  }

  public UnmanagedAmLauncher(WeftClient client, TlsSettings tls) {
    this.client = requireNonNull(client);
    this.tls = requireNonNull(tls);
  }

  /** Submits {@code submission} (unmanaged) and waits up to {@link #DEFAULT_TOKEN_WAIT} for its AMRM token. */
  public Launch submit(ApplicationSubmissionContext submission) {
    return submit(submission, DEFAULT_TOKEN_WAIT);
  }

  /**
   * Submits {@code submission}, which must be unmanaged, and waits up to {@code wait} for its attempt's AMRM
   * token. Fails PERMISSION_DENIED when the RM does not hand it over (the caller does not own the application),
   * FAILED_PRECONDITION when the application ended first (e.g. killed), UNAVAILABLE when {@code wait} passed.
   */
  public Launch submit(ApplicationSubmissionContext submission, Duration wait) {
    if (!submission.getUnmanagedAM()) {
      throw WeftException.invalidArgument("application " + submission.getApplicationId()
          + " is not unmanaged; build it with AppSubmission.builder(id).unmanaged()");
    }
    client.submitApplication(submission);
    return awaitToken(submission.getApplicationId(), wait);
  }

  /** Waits for the AMRM token of application {@code id}, already submitted unmanaged (e.g. by another process). */
  public Launch awaitToken(ApplicationId id, Duration wait) {
    AtomicReference<ApplicationReport> last = new AtomicReference<>();
    try {
      return Poll.until(() -> {
        ApplicationReport report = client.getApplicationReport(id);
        last.set(report);
        return ready(report);
      }, LOOK_AGAIN, wait).orElseThrow(() -> WeftException.unavailable("application " + id + " had no attempt "
          + "for its unmanaged AM within " + wait.toMillis() + " ms; it is "
          + (last.get() == null ? "not reported yet" : last.get().getYarnApplicationState())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw WeftException.unavailable("interrupted while waiting for an unmanaged AM's token");
    }
  }

  /** The launch once {@code report} carries the token; empty while the attempt does not exist yet. */
  private Optional<Launch> ready(ApplicationReport report) {
    ApplicationId id = report.getApplicationId();
    if (!report.isUnmanagedApp()) {
      throw WeftException.failedPrecondition("application " + id + " was not submitted unmanaged; "
          + "the ResourceManager launches its AM");
    }
    if (!report.getAMRMToken().isEmpty() && report.getCurrentApplicationAttemptId().isPresent()) {
      return Optional.of(new Launch(report, environment(report)));
    }
    if (WeftClient.isFinal(report.getYarnApplicationState())) {
      throw WeftException.failedPrecondition("application " + id + " ended " + report.getYarnApplicationState()
          + " before its unmanaged AM started: " + report.getDiagnostics());
    }
    if (report.getCurrentApplicationAttemptId().isPresent()) {
      throw noToken(report, report.getCurrentApplicationAttemptId().get());
    }
    return Optional.empty();
  }

  /**
   * The attempt is ready the moment it exists, so a report without its token means the caller is not the owner,
   * or the attempt has just ended (the application is on its way out).
   */
  private WeftException noToken(ApplicationReport report, ApplicationAttemptId attempt) {
    YarnApplicationAttemptState state = client.getApplicationAttemptReport(attempt).getYarnApplicationAttemptState();
    if (state != YarnApplicationAttemptState.LAUNCHED && state != YarnApplicationAttemptState.RUNNING) {
      return WeftException.failedPrecondition("attempt " + attempt + " is " + state
          + "; its unmanaged AM can no longer start");
    }
    return WeftException.permissionDenied("the ResourceManager did not hand over the AMRM token of " + attempt
        + ": only the owner of " + report.getApplicationId() + " (" + report.getUser() + ") runs its unmanaged AM");
  }



  /** What an AM container gets from its NM and the RM, as this host gives it to an unmanaged AM. */
  private Map<String, String> environment(ApplicationReport report) {
    ApplicationAttemptId attempt = report.getCurrentApplicationAttemptId().orElseThrow();
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ContainerEnv.CONTAINER_ID, amContainerId(attempt).toString());
    env.put(ContainerEnv.RM_ADDRESS, RmEndpoints.join(client.rmAddresses()));
    env.put(ContainerEnv.AMRM_TOKEN, report.getAMRMToken());
    env.put(ContainerEnv.APP_SUBMIT_TIME, Long.toString(report.getStartTime()));
    env.put(ContainerEnv.MAX_APP_ATTEMPTS, "1");
    env.put(ContainerEnv.NM_HOST, localHostName());
    // No NodeManager serves this AM (YARN's launcher says 0 as well).
    env.put(ContainerEnv.NM_PORT, "0");
    env.put(ContainerEnv.NM_HTTP_PORT, "0");
    env.put(ContainerEnv.USER, report.getUser());
    env.putAll(tls.containerEnvironment());
    return env;
  }

  /** The unmanaged AM's virtual container: number 0 of its attempt, as YARN's launcher names it. */
  public static ContainerId amContainerId(ApplicationAttemptId attempt) {
    return new ContainerId(attempt, 0);
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return InetAddress.getLoopbackAddress().getHostAddress();
    }
  }

  /** An unmanaged attempt ready for its AM: its ids and the AM's environment. */
  public static final class Launch {
    private final ApplicationReport report;
    private final Map<String, String> environment;

    private Launch(ApplicationReport report, Map<String, String> environment) {
      this.report = report;
      this.environment = Map.copyOf(environment);
    }

    public ApplicationId applicationId() {
      return report.getApplicationId();
    }

    public ApplicationAttemptId attemptId() {
      return report.getCurrentApplicationAttemptId().orElseThrow();
    }

    public ContainerId amContainerId() {
      return UnmanagedAmLauncher.amContainerId(attemptId());
    }

    /**
     * The variables an AM reads (CONTAINER_ID, WEFT_RM_ADDRESS, WEFT_AMRM_TOKEN, APP_SUBMIT_TIME_ENV,
     * MAX_APP_ATTEMPTS, NM_HOST, NM_PORT, NM_HTTP_PORT, USER and, with TLS, WEFT_TLS_TRUST); {@link #start} adds
     * PWD and LOG_DIRS. It holds a credential: do not log it.
     */
    public Map<String, String> environment() {
      return environment;
    }

    /**
     * Starts {@code command} as a child process in {@code workDir} (created if needed) with this process's
     * environment plus {@link #environment()}, PWD and LOG_DIRS set to {@code workDir}; its stdout and stderr go
     * to {@code workDir/stdout} and {@code workDir/stderr}, as a container's go to its log directory.
     */
    public Process start(List<String> command, Path workDir) {
      try {
        Files.createDirectories(workDir);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectOutput(workDir.resolve("stdout").toFile()).redirectError(workDir.resolve("stderr").toFile());
        builder.environment().putAll(environment);
        builder.environment().put(ContainerEnv.PWD, workDir.toAbsolutePath().toString());
        builder.environment().put(ContainerEnv.LOG_DIRS, workDir.toAbsolutePath().toString());
        return builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the unmanaged AM of " + attemptId() + " (" + command.get(0)
            + ") in " + workDir + ": " + e.getMessage(), e);
      }
    }
  }
}
