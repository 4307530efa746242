package io.weft.client.cli;

import io.weft.client.ApplicationFilter;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft application -list | -status ID | -kill ID | -movetoqueue ID -queue Q | -updatePriority P -appId ID |
 * -updateLifetime SECONDS -appId ID}, as {@code yarn application}.
 */
@Command(name = "application", description = "List, inspect and kill applications.", mixinStandardHelpOptions = true)
final class ApplicationCommand implements Callable<Integer> {
  private static final List<YarnApplicationState> ACTIVE =
      List.of(YarnApplicationState.SUBMITTED, YarnApplicationState.ACCEPTED, YarnApplicationState.RUNNING);

  private final CliContext context;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  static final class Action {
    @Option(names = "-list", description = "list applications (default: SUBMITTED, ACCEPTED, RUNNING)")
    boolean list;

    @Option(names = "-status", paramLabel = "ID", description = "print an application's report")
    String status;

    @Option(names = "-kill", paramLabel = "ID", description = "kill an application")
    String kill;

    @Option(names = "-movetoqueue", paramLabel = "ID", description = "move an application to the queue given by -queue")
    String move;

    @Option(names = "-updatePriority", paramLabel = "PRIORITY", description = "with -appId: set the application's "
        + "priority (within its queue, higher priorities are served first)")
    Integer updatePriority;

    @Option(names = "-updateLifetime", paramLabel = "SECONDS", description = "with -appId: the ResourceManager kills "
        + "the application SECONDS from now")
    Long updateLifetime;
  }

  @Option(names = "-appId", paramLabel = "ID", description = "with -updatePriority or -updateLifetime: the application")
  String appId;

  @Option(names = "-appTags", split = ",", paramLabel = "TAGS",
      description = "with -list: only applications with any of these tags, comma-separated")
  List<String> appTags = new ArrayList<>();

  @Option(names = "-queue", paramLabel = "QUEUE", description = "with -movetoqueue: the target leaf queue")
  String queue;

  @Option(names = "-appStates", split = ",", paramLabel = "STATES",
      description = "with -list: states to show, comma-separated, or ALL")
  List<String> appStates = new ArrayList<>();

  @Option(names = "-appTypes", split = ",", paramLabel = "TYPES", description = "with -list: application types")
  List<String> appTypes = new ArrayList<>();

  ApplicationCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if ((action.updatePriority != null || action.updateLifetime != null) == (appId == null)) {
      throw WeftException.invalidArgument(appId == null ? "-updatePriority and -updateLifetime need -appId ID"
          : "-appId goes with -updatePriority or -updateLifetime");
    }
    try (WeftClient client = context.connect()) {
      if (action.updatePriority != null) {
        ApplicationId id = ApplicationId.parse(appId);
        context.out().println("Updating priority of an application " + id);
        int now = client.updateApplicationPriority(id, action.updatePriority);
        context.out().println("Successfully updated the application with id " + id + " with priority '" + now + "'");
        return 0;
      }
      if (action.updateLifetime != null) {
        if (action.updateLifetime <= 0) {
          throw WeftException.invalidArgument("-updateLifetime " + action.updateLifetime + " must be a positive number"
              + " of seconds");
        }
        ApplicationId id = ApplicationId.parse(appId);
        context.out().println("Updating lifetime of an application " + id);
        java.time.Instant expiry = client.updateApplicationLifetime(id, java.time.Duration.ofSeconds(
            action.updateLifetime));
        context.out().println("Successfully updated LIFETIME of an application " + id + ". New expiry time is "
            + expiry);
        return 0;
      }
      if (action.status != null) {
        context.out().print(ReportFormat.status(client.getApplicationReport(ApplicationId.parse(action.status))));
        return 0;
      }
      if (action.kill != null) {
        return kill(client, ApplicationId.parse(action.kill));
      }
      if (action.move != null) {
        if (queue == null || queue.isBlank()) {
          throw WeftException.invalidArgument("-movetoqueue needs -queue QUEUE, the target leaf queue");
        }
        ApplicationId id = ApplicationId.parse(action.move);
        client.moveApplication(id, queue);
        context.out().println("Moved application " + id + " to queue " + queue);
        return 0;
      }
      return list(client);
    }
  }

  private int kill(WeftClient client, ApplicationId id) {
    ApplicationReport report = client.getApplicationReport(id);
    if (WeftClient.isFinal(report.getYarnApplicationState())) {
      context.out().println("Application " + id + " has already finished");
      return 0;
    }
    context.out().println("Killing application " + id);
    client.killApplication(id);
    context.out().println("Killed application " + id);
    return 0;
  }

  private int list(WeftClient client) {
    List<YarnApplicationState> states = states();
    List<ApplicationReport> apps = client.getApplications(ApplicationFilter.builder()
        .states(states).applicationTypes(appTypes).applicationTags(appTags).build());
    context.out().println("Total number of applications (application-types: " + appTypes + ", states: "
        + (states.isEmpty() ? "[ALL]" : states) + " and tags: " + appTags + "):" + apps.size());
    context.out().println(ReportFormat.APP_LIST_HEADER);
    apps.forEach(app -> context.out().println(ReportFormat.appRow(app)));
    return 0;
  }

  private List<YarnApplicationState> states() {
    if (appStates.isEmpty()) {
      return ACTIVE;
    }
    if (appStates.stream().anyMatch(s -> s.equalsIgnoreCase("ALL"))) {
      return List.of();
    }
    List<YarnApplicationState> states = new ArrayList<>();
    for (String s : appStates) {
      try {
        states.add(YarnApplicationState.valueOf(s.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw WeftException.invalidArgument("-appStates '" + s + "' is not an application state; use ALL or one of "
            + Arrays.asList(YarnApplicationState.values()));
      }
    }
    return states;
  }
}
