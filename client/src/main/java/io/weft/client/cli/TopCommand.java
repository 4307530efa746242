package io.weft.client.cli;

import io.weft.client.ApplicationFilter;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.ClusterMetrics;
import io.weft.client.records.QueueInfo;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.rpc.WeftException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft top}, as {@code yarn top}: the cluster's nodes, applications and resources, its leaf queues, then one
 * row per active application (most memory first), redrawn every {@code -delay} seconds until Ctrl-C. {@code --once}
 * prints one frame without terminal codes, for scripts; {@code -n N} stops after N frames.
 */
@Command(name = "top", description = "A live table of the cluster's queues and applications, as yarn top.",
    mixinStandardHelpOptions = true)
final class TopCommand implements Callable<Integer> {
  /** ANSI: cursor home, then clear the screen (as top(1) redraws). */
  private static final String CLEAR = "\033[H\033[2J";
  private static final String ROW = "%32s %10s %12s %14s %5s %6s %6s %9s %9s %14s %14s %6s %10s %s";
  private static final List<YarnApplicationState> ACTIVE =
      List.of(YarnApplicationState.SUBMITTED, YarnApplicationState.ACCEPTED, YarnApplicationState.RUNNING);

  private final CliContext context;

  @Option(names = "-delay", paramLabel = "seconds", defaultValue = "3",
      description = "seconds between refreshes (default ${DEFAULT-VALUE})")
  int delaySeconds;

  @Option(names = "--once", description = "print one frame, without terminal codes, and exit (for scripts)")
  boolean once;

  @Option(names = "-n", paramLabel = "frames", description = "stop after this many frames (default: until Ctrl-C)")
  Integer frames;

  @Option(names = "-rows", paramLabel = "N", description = "show at most N applications")
  Integer rows;

  @Option(names = "-queues", split = ",", paramLabel = "QUEUES", description = "only applications of these queues")
  List<String> queues = new ArrayList<>();

  @Option(names = "-users", split = ",", paramLabel = "USERS", description = "only applications of these users")
  List<String> users = new ArrayList<>();

  @Option(names = "-types", split = ",", paramLabel = "TYPES", description = "only applications of these types")
  List<String> types = new ArrayList<>();

  TopCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (delaySeconds < 1) {
      throw WeftException.invalidArgument("-delay " + delaySeconds + " must be at least 1 second");
    }
    if ((rows != null && rows < 0) || (frames != null && frames < 1)) {
      throw WeftException.invalidArgument("-rows must not be negative and -n must be at least 1");
    }
    int total = once ? 1 : frames == null ? Integer.MAX_VALUE : frames;
    try (WeftClient client = context.connect()) {
      for (int frame = 1; frame <= total; frame++) {
        String text = frame(client);
        context.out().print(once ? text : CLEAR + text);
        context.out().flush();
        if (frame < total) {
          Thread.sleep(Duration.ofSeconds(delaySeconds).toMillis());
        }
      }
    }
    return 0;
  }

  private String frame(WeftClient client) {
    ClusterMetrics m = client.getClusterMetrics();
    List<ApplicationReport> apps = new ArrayList<>(client.getApplications(ApplicationFilter.builder()
        .states(ACTIVE).queues(queues).users(users).applicationTypes(types).build()));
    apps.sort(Comparator.comparingLong((ApplicationReport a) -> -a.getApplicationResourceUsageReport().getUsedResources().memoryMb())
        .thenComparing(ApplicationReport::getApplicationId));
    List<QueueInfo> leaves = new ArrayList<>();
    collectLeaves(client.getQueueInfo("", true), leaves);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Weft top - %s, %d active users, queue(s): %s%n",
        LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")),
        apps.stream().map(ApplicationReport::getUser).distinct().count(),
        String.join(",", leaves.stream().map(QueueInfo::getQueuePath).toList())));
    sb.append(String.format(Locale.ROOT, "NodeManager(s): %d total, %d active, %d unhealthy, %d decommissioned, "
        + "%d lost, %d shutdown%n", m.getNumNodeManagers(), m.getNumActiveNodeManagers(),
        m.getNumUnhealthyNodeManagers(), m.getNumDecommissionedNodeManagers(), m.getNumLostNodeManagers(),
        m.getNumShutdownNodeManagers()));
    sb.append(String.format(Locale.ROOT, "Cluster Applications: %d running, %d submitted, %d pending, %d completed, "
        + "%d killed, %d failed%n", m.getAppsRunning(), m.getAppsSubmitted(), m.getAppsPending(),
        m.getAppsCompleted(), m.getAppsKilled(), m.getAppsFailed()));
    sb.append(String.format(Locale.ROOT, "Cluster Mem(GB): %.1f available, %.1f allocated, %.1f reserved%n",
        gb(m.getAvailableResource().memoryMb()), gb(m.getAllocatedResource().memoryMb()), gb(m.getReservedResource().memoryMb())));
    sb.append(String.format(Locale.ROOT, "Cluster VCores: %d available, %d allocated, %d reserved%n",
        m.getAvailableResource().vcores(), m.getAllocatedResource().vcores(), m.getReservedResource().vcores()));
    sb.append(String.format(Locale.ROOT, "Cluster Containers: %d allocated, %d pending, %d reserved%n",
        m.getContainersAllocated(), m.getContainersPending(), m.getContainersReserved()));
    for (QueueInfo q : leaves) {
      sb.append(String.format(Locale.ROOT, "Queue %s: %s, %.1f%% of its capacity used, %d applications (%d active, "
          + "%d pending), %d MB / %d vcores used%n", q.getQueuePath(), q.getQueueState(), q.getCurrentCapacity() * 100,
          q.getNumApplications(), q.getNumActiveApplications(), q.getNumPendingApplications(),
          q.getUsed().memoryMb(), q.getUsed().vcores()));
    }
    sb.append('\n').append(String.format(Locale.ROOT, ROW, "APPLICATIONID", "USER", "TYPE", "QUEUE", "PRIOR",
        "#CONT", "#RCONT", "VCORES", "RVCORES", "MEM(GB)", "MEMSECS(GB)", "%PROGR", "TIME", "NAME")).append('\n');
    long now = System.currentTimeMillis();
    apps.stream().limit(rows == null ? Long.MAX_VALUE : rows).forEach(a -> sb.append(row(a, now)).append('\n'));
    return sb.toString();
  }

  private static String row(ApplicationReport a, long now) {
    var usage = a.getApplicationResourceUsageReport();
    long seconds = a.getStartTime() <= 0 ? 0 : Math.max(0, (now - a.getStartTime()) / 1000);
    return String.format(Locale.ROOT, ROW, a.getApplicationId(), a.getUser(), a.getApplicationType(), a.getQueue(),
        a.getPriority(), usage.getNumUsedContainers(), usage.getNumReservedContainers(),
        usage.getUsedResources().vcores(), usage.getReservedResources().vcores(),
        String.format(Locale.ROOT, "%.1f", gb(usage.getUsedResources().memoryMb())),
        String.format(Locale.ROOT, "%.0f", gb(usage.getMemorySeconds())), Math.round(a.getProgress() * 100),
        String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60), a.getName());
  }

  private static double gb(long mb) {
    return mb / 1024.0;
  }

  private static void collectLeaves(QueueInfo q, List<QueueInfo> out) {
    if (q.isLeaf() || q.getChildQueues().isEmpty()) {
      out.add(q);
    }
    q.getChildQueues().forEach(c -> collectLeaves(c, out));
  }
}
