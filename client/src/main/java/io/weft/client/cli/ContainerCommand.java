package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationAttemptReport;
import io.weft.client.records.ContainerReport;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ContainerSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft container -list ATTEMPT_ID|APP_ID | -status CONTAINER_ID | -signal CONTAINER_ID [COMMAND]}, as
 * {@code yarn container}. Lists what the RM holds: live containers and the finished ones of a live application.
 */
@Command(name = "container", description = "List and inspect the containers of an application attempt.",
    mixinStandardHelpOptions = true)
final class ContainerCommand implements Callable<Integer> {
  private final CliContext context;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  static final class Action {
    @Option(names = "-list", paramLabel = "ATTEMPT_ID|APPLICATION_ID",
        description = "list an attempt's containers (an application id: those of all its attempts)")
    String list;

    @Option(names = "-status", paramLabel = "CONTAINER_ID", description = "print a container's report")
    String status;

    @Option(names = "-signal", arity = "1..2", paramLabel = "CONTAINER_ID [COMMAND]",
        description = "signal a running container: OUTPUT_THREAD_DUMP (the default; SIGQUIT), GRACEFUL_SHUTDOWN "
            + "(SIGTERM) or FORCEFUL_SHUTDOWN (SIGKILL); its NodeManager sends it within a heartbeat")
    List<String> signal;
  }

  ContainerCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (action.signal != null) {
      ContainerId id = ContainerId.parse(action.signal.get(0));
      ContainerSignal signal = action.signal.size() > 1 ? ContainerSignal.parse(action.signal.get(1))
          : ContainerSignal.OUTPUT_THREAD_DUMP;
      try (WeftClient client = context.connect()) {
        context.out().println("Signalling container " + id + " with " + signal);
        client.signalToContainer(id, signal);
      }
      return 0;
    }
    if (action.status != null) {
      ContainerId id = ContainerId.parse(action.status);
      try (WeftClient client = context.connect()) {
        context.out().print(ReportFormat.container(client.getContainerReport(id)));
      }
      return 0;
    }
    // an application id (application_...) or an attempt id (appattempt_...), as yarn container -list takes
    boolean wholeApplication = action.list.startsWith("application_");
    try (WeftClient client = context.connect()) {
      List<ContainerReport> containers = new ArrayList<>();
      if (wholeApplication) {
        for (ApplicationAttemptReport a : client.getApplicationAttempts(ApplicationId.parse(action.list))) {
          containers.addAll(client.getContainers(a.getApplicationAttemptId()));
        }
      } else {
        ApplicationAttemptId attempt = ApplicationAttemptId.parse(action.list);
        // named as the attempt when unknown, not only as its application
        client.getApplicationAttemptReport(attempt);
        containers.addAll(client.getContainers(attempt));
      }
      context.out().println("Total number of containers :" + containers.size());
      context.out().println(ReportFormat.CONTAINER_LIST_HEADER);
      containers.forEach(c -> context.out().println(ReportFormat.containerRow(c)));
    }
    return 0;
  }
}
