package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a submitted application through the RM's pushed reports (no polling), printing each state
 * change and, while it runs, its progress and running containers when they change (at most once a
 * second; the RM pushes them at that pace too), then its summary.
 */
final class ApplicationFollower {
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  private final PrintStream out;
  private final Clock clock;
  private final Consumer<ContainerId> amContainer;
  private YarnApplicationState lastState;
  private String lastProgress = "";
  private Instant lastProgressAt = Instant.EPOCH;
  private boolean printedUrl;

  private ApplicationFollower(PrintStream out, Clock clock, Consumer<ContainerId> amContainer) {
    this.out = out;
    this.clock = clock;
    this.amContainer = amContainer;
  }

  static ApplicationReport follow(WeftClient client, ApplicationId id, PrintStream out) {
    return follow(client, id, out, c -> { });
  }

  /** As {@link #follow(WeftClient, ApplicationId, PrintStream)}, telling {@code amContainer} each AM container seen. */
  static ApplicationReport follow(WeftClient client, ApplicationId id, PrintStream out,
      Consumer<ContainerId> amContainer) {
    ApplicationFollower follower = new ApplicationFollower(out, Clock.systemUTC(), amContainer);
    ApplicationReport last = client.watch(id, follower::report);
    out.println(ReportFormat.finalSummary(last));
    return last;
  }

  private void report(ApplicationReport report) {
    if (!printedUrl && !report.getTrackingUrl().isEmpty()) {
      out.println("Tracking URL: " + report.getTrackingUrl());
      printedUrl = true;
    }
    report.getAmContainerId().ifPresent(amContainer);
    YarnApplicationState state = report.getYarnApplicationState();
    if (state != lastState) {
      lastState = state;
      out.println("Application report for " + report.getApplicationId() + " (state: " + state + ")");
    }
    progressLine(report).ifPresent(line -> {
      Instant now = clock.instant();
      if (!line.equals(lastProgress) && !now.isBefore(lastProgressAt.plus(PROGRESS_INTERVAL))) {
        lastProgress = line;
        lastProgressAt = now;
        out.println(line);
      }
    });
  }

  /** {@code progress: 42%, running containers: 3} while the application runs. */
  static Optional<String> progressLine(ApplicationReport report) {
    if (report.getYarnApplicationState() != YarnApplicationState.RUNNING) {
      return Optional.empty();
    }
    int containers = report.getApplicationResourceUsageReport() == null ? 0
        : report.getApplicationResourceUsageReport().getNumUsedContainers();
    return Optional.of("Application " + report.getApplicationId() + " progress: "
        + Math.round(report.getProgress() * 100) + "%, running containers: " + containers);
  }

  /** The exit code of a command that waited for its application: 0 only for FINISHED and SUCCEEDED. */
  static int exitCode(ApplicationReport last) {
    return last.getYarnApplicationState() == YarnApplicationState.FINISHED
        && last.getFinalApplicationStatus() == FinalApplicationStatus.SUCCEEDED ? 0 : 1;
  }
}
