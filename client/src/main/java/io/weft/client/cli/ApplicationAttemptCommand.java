package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationAttemptReport;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft applicationattempt -list APP_ID | -status ATTEMPT_ID}, as {@code yarn applicationattempt}. */
@Command(name = "applicationattempt", description = "List and inspect the attempts of an application.",
    mixinStandardHelpOptions = true)
final class ApplicationAttemptCommand implements Callable<Integer> {
  private final CliContext context;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  static final class Action {
    @Option(names = "-list", paramLabel = "APPLICATION_ID", description = "list the application's attempts")
    String list;

    @Option(names = "-status", paramLabel = "ATTEMPT_ID", description = "print an attempt's report")
    String status;
  }

  ApplicationAttemptCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (action.status != null) {
      ApplicationAttemptId id = ApplicationAttemptId.parse(action.status);
      try (WeftClient client = context.connect()) {
        context.out().print(ReportFormat.attempt(client.getApplicationAttemptReport(id)));
      }
      return 0;
    }
    ApplicationId app = ApplicationId.parse(action.list);
    try (WeftClient client = context.connect()) {
      List<ApplicationAttemptReport> attempts = client.getApplicationAttempts(app);
      context.out().println("Total number of application attempts :" + attempts.size());
      context.out().println(ReportFormat.ATTEMPT_LIST_HEADER);
      attempts.forEach(a -> context.out().println(ReportFormat.attemptRow(a)));
    }
    return 0;
  }
}
