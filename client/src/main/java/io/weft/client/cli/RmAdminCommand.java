package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.proto.QueueInfo;
import io.weft.proto.RefreshQueuesResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft rmadmin -refreshQueues}, as {@code yarn rmadmin}. */
@Command(name = "rmadmin", description = "Administer the ResourceManager.", mixinStandardHelpOptions = true)
final class RmAdminCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "-refreshQueues", required = true,
      description = "re-read the queue configuration and apply it without a restart (a bad file is refused whole)")
  boolean refreshQueues;

  RmAdminCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try (WeftClient client = context.connect()) {
      RefreshQueuesResponse answer = client.refreshQueues();
      context.out().println("Queues refreshed from " + answer.getSource() + ":");
      print(answer.getRoot(), "  ");
      return 0;
    }
  }

  private void print(QueueInfo q, String indent) {
    context.out().printf("%s%s %.1f%% (max %.1f%%) %s%n", indent, q.getQueuePath(), q.getCapacity() * 100,
        q.getMaximumCapacity() * 100, q.getQueueState());
    q.getChildQueuesList().forEach(c -> print(c, indent + "  "));
  }
}
