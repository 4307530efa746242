package io.weft.client.cli;

import static java.util.Objects.requireNonNull;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.submit.Master;
import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;

/**
 * {@code weft submit --status ID} and {@code --kill ID}, as spark-submit's for a cluster-mode
 * application: exit 0 when the report was printed or the kill was asked (or the application had
 * already ended); an unknown id fails with the RM's message naming it.
 */
final class StatusOrKill {
  private final CliContext context;

  StatusOrKill(CliContext context) {
    this.context = requireNonNull(context);
  }

  /** Exactly one of {@code status} and {@code kill} is an application id. */
  int run(String master, String status, String kill) {
    Master parsedMaster = Master.parse(master);
    if (parsedMaster.isLocal()) {
      throw WeftException.invalidArgument("--status and --kill need a cluster master, not " + master);
    }
    ApplicationId id = ApplicationId.parse(status != null ? status : kill);
    try (WeftClient client = context.connect(parsedMaster.rmAddresses(context.config()))) {
      ApplicationReport report = client.getApplicationReport(id);
      if (status != null) {
        context.out().println("Application " + id + " is " + report.getYarnApplicationState() + " (final status "
            + report.getFinalApplicationStatus() + ")");
        context.out().print(ReportFormat.status(report));
        return 0;
      }
      if (WeftClient.isFinal(report.getYarnApplicationState())) {
        context.out().println("Application " + id + " has already ended: " + report.getYarnApplicationState());
        return 0;
      }
      context.out().println("Killing application " + id);
      client.killApplication(id);
      context.out().println("Killed application " + id);
      return 0;
    }
  }
}
