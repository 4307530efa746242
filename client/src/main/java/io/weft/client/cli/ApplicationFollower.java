package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import java.io.PrintStream;

/** Follows a submitted application through the RM's pushed state changes, printing each, then its summary. */
final class ApplicationFollower {
  private ApplicationFollower() {}

  static ApplicationReport follow(WeftClient client, ApplicationId id, PrintStream out) {
    boolean[] printedUrl = {false};
    ApplicationReport last = client.watch(id, report -> {
      if (!printedUrl[0] && !report.getTrackingUrl().isEmpty()) {
        out.println("Tracking URL: " + report.getTrackingUrl());
        printedUrl[0] = true;
      }
      out.println("Application report for " + id + " (state: " + report.getYarnApplicationState() + ")");
    });
    out.println(ReportFormat.finalSummary(last));
    return last;
  }

  /** The exit code of a command that waited for its application: 0 only for FINISHED and SUCCEEDED. */
  static int exitCode(ApplicationReport last) {
    return last.getYarnApplicationState() == YarnApplicationState.FINISHED
        && last.getFinalApplicationStatus() == FinalApplicationStatus.SUCCEEDED ? 0 : 1;
  }
}
