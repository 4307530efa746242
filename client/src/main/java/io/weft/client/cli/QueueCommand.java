package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.records.QueueInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft queue -status QUEUE}, as {@code yarn queue}. */
@Command(name = "queue", description = "Show a queue's capacities, state and usage.", mixinStandardHelpOptions = true)
final class QueueCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "-status", required = true, paramLabel = "QUEUE",
      description = "print the queue's report (short name such as 'default', or a path such as 'root.default')")
  String queue;

  QueueCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try (WeftClient client = context.connect()) {
      QueueInfo info = client.getQueueInfo(queue, true);
      context.out().print(ReportFormat.queue(info));
      return 0;
    }
  }
}
