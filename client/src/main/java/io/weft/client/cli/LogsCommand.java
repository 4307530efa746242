package io.weft.client.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.logstore.AggregatedLogs;
import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.LogStores;
import io.weft.common.logstore.StoredFile;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft logs -applicationId ID [-containerId ID] [-log_files stdout,stderr] [-size N|-size -N] [-am N]
 * [-nodeAddress host:port]}, as {@code yarn logs}: once the application has ended, the logs its NodeManagers
 * aggregated to the log store, streamed from it; while it runs (or before its nodes have uploaded), the live logs
 * from its NodeManagers ({@link LiveLogs}). Each file is printed under YARN's headers ({@code Container: <id> on
 * <node>}, {@code LogType:}, {@code LogLength:}, {@code LogContents:}, {@code End of LogType:}).
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Print the logs of an application's containers: aggregated ones after it ended, live ones from its "
        + "NodeManagers while it runs.")
final class LogsCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "-applicationId", required = true, paramLabel = "APPLICATION_ID", description = "the application")
  String applicationId;

  @Option(names = "-containerId", paramLabel = "CONTAINER_ID", description = "only this container's logs")
  String containerId;

  @Option(names = "-log_files", split = ",", paramLabel = "FILE[,FILE...]",
      description = "only these log files (e.g. stdout,stderr); default all")
  List<String> logFiles;

  @Option(names = "-size", paramLabel = "N",
      description = "print the first N bytes of each file, or with -N the last N bytes")
  Long size;

  @Option(names = "-am", paramLabel = "N",
      description = "only the AM container of attempt N (1 = the first; -1 = the last)")
  Integer am;

  @Option(names = "-nodeAddress", paramLabel = "HOST:PORT", description = "only the containers of this node (its id)")
  String nodeAddress;

  LogsCommand(CliContext context) {
    this.context = context;
  }

  /** What the options select. */
  record Selection(Optional<ContainerId> container, Set<String> files, Optional<Integer> am, Optional<NodeId> node,
      Long size) {
    boolean wants(String file) {
      return files.isEmpty() || files.contains(file);
    }

    boolean wants(NodeId nodeId) {
      return node.isEmpty() || node.get().equals(nodeId);
    }
  }

  @Override
  public Integer call() {
    ApplicationId app = ApplicationId.parse(applicationId);
    if (am != null && am == 0) {
      throw WeftException.invalidArgument("-am " + am + ": attempts count from 1 (or from the last with -1)");
    }
    Selection selection = new Selection(Optional.ofNullable(containerId).map(ContainerId::parse),
        logFiles == null ? Set.of() : new LinkedHashSet<>(logFiles), Optional.ofNullable(am),
        Optional.ofNullable(nodeAddress).map(NodeId::parse), size);
    selection.container().filter(c -> !c.applicationId().equals(app)).ifPresent(c -> {
      throw WeftException.invalidArgument("container " + c + " is not of application " + app);
    });
    Optional<ApplicationReport> report = reportOf(app);
    boolean ended = report.map(r -> WeftClient.isFinal(r.getYarnApplicationState())).orElse(true);
    if (ended) {
      List<StoredFile> stored = storedFiles(app);
      if (!stored.isEmpty()) {
        if (printAggregated(app, stored, selection)) {
          return 0;
        }
        throw WeftException.notFound(nothingMatched(app, selection) + " in the aggregated logs of "
            + stored.stream().map(StoredFile::name).toList());
      }
      if (report.isEmpty()) {
        throw WeftException.notFound("application " + app + " is not known to the ResourceManager and has no "
            + "aggregated logs in the log store");
      }
    }
    try (WeftClient client = context.connect()) {
      if (new LiveLogs(context, client).print(app, selection)) {
        return 0;
      }
    }
    throw WeftException.notFound(nothingMatched(app, selection) + (ended
        ? ": the application has ended, its logs are not (yet) in the log store (is log aggregation on, and done? "
            + "see logAggregationStatus in weft application -status or REST) and its NodeManagers no longer have them"
        : " on its NodeManagers"));
  }

  private static String nothingMatched(ApplicationId app, Selection s) {
    return "no logs of " + app + s.container().map(c -> ", container " + c).orElse("")
        + s.am().map(n -> ", AM attempt " + n).orElse("") + s.node().map(n -> ", node " + n).orElse("")
        + (s.files().isEmpty() ? "" : ", files " + s.files());
  }

  private Optional<ApplicationReport> reportOf(ApplicationId app) {
    try (WeftClient client = context.connect()) {
      return Optional.of(client.getApplicationReport(app));
    } catch (WeftException e) {
      if (e.code() == WeftException.Code.NOT_FOUND) {
        return Optional.empty(); // forgotten by the RM: the store may still have it
      }
      throw e;
    }
  }

  private List<StoredFile> storedFiles(ApplicationId app) {
    if (context.config().get(LogStores.AGGREGATION_ENABLED).strip().equalsIgnoreCase("false")) {
      return List.of();
    }
    try (LogStore store = LogStores.open(context.config(), LogStores.Caller.user(context.config()))) {
      return store.list(app);
    } catch (IOException e) {
      refusal(e).ifPresent(refused -> {
        throw refused;
      });
      context.err().println("weft: cannot list the aggregated logs of " + app + ": " + e.getMessage()
          + "; trying the NodeManagers");
      return List.of();
    }
  }

  /** The store's refusal of the caller (who it is, what it may read), which no other source would overrule. */
  private static Optional<WeftException> refusal(IOException e) {
    if (e.getCause() instanceof StatusRuntimeException s && (s.getStatus().getCode() == Status.Code.PERMISSION_DENIED
        || s.getStatus().getCode() == Status.Code.UNAUTHENTICATED)) {
      return Optional.of(RpcErrors.fromStatus(s, "read the aggregated logs"));
    }
    return Optional.empty();
  }

  /** Prints what matches from every node's file; false when nothing did. */
  private boolean printAggregated(ApplicationId app, List<StoredFile> stored, Selection selection) {
    Optional<ContainerId> amContainer = selection.am().isEmpty() ? Optional.empty()
        : Optional.of(amContainer(app, stored, selection.am().get()));
    boolean printed = false;
    try (LogStore store = LogStores.open(context.config(), LogStores.Caller.user(context.config()))) {
      for (StoredFile file : stored) {
        if (selection.node().isPresent() && !AggregatedLogs.fileName(selection.node().get()).equals(file.name())) {
          continue;
        }
        if (file.inProgress()) {
          context.err().println("weft: the upload of " + file.name() + "'s logs did not complete; printing what "
              + "arrived");
        }
        try (InputStream in = store.open(app, file.name(), 0);
            AggregatedLogs.Reader reader = new AggregatedLogs.Reader(in)) {
          for (Optional<AggregatedLogs.Entry> e = reader.next(); e.isPresent(); e = reader.next()) {
            AggregatedLogs.Entry entry = e.get();
            if (selection.container().filter(c -> !c.equals(entry.container())).isPresent()
                || amContainer.filter(c -> !c.equals(entry.container())).isPresent()
                || !selection.wants(entry.file())) {
              continue;
            }
            long print = printed(entry.length(), selection.size());
            // -size -N: the last N bytes
            entry.content().skipNBytes(selection.size() != null && selection.size() < 0 ? entry.length() - print : 0);
            printFile(context.out(), entry.container(), file.name(), "AGGREGATED", entry.file(), entry.length(),
                entry.content(), print);
            printed = true;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the aggregated logs of " + app + ": " + e.getMessage(), e);
    }
    return printed;
  }

  /** The AM container of attempt {@code n} (negative: from the last) among those the store has. */
  private ContainerId amContainer(ApplicationId app, List<StoredFile> stored, int n) {
    TreeSet<ContainerId> ams = new TreeSet<>();
    try (LogStore store = LogStores.open(context.config(), LogStores.Caller.user(context.config()))) {
      for (StoredFile file : stored) {
        try (InputStream in = store.open(app, file.name(), 0);
            AggregatedLogs.Reader reader = new AggregatedLogs.Reader(in)) {
          for (Optional<AggregatedLogs.Entry> e = reader.next(); e.isPresent(); e = reader.next()) {
            if (e.get().container().id() == 1) {
              ams.add(e.get().container());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the aggregated logs of " + app + ": " + e.getMessage(), e);
    }
    return pickAttempt(app, new ArrayList<>(ams), n);
  }

  /** Attempt {@code n} of the AM containers in attempt order, named in the error when there is none. */
  static ContainerId pickAttempt(ApplicationId app, List<ContainerId> amContainers, int n) {
    int index = n > 0 ? n - 1 : amContainers.size() + n;
    if (index < 0 || index >= amContainers.size()) {
      throw WeftException.notFound("-am " + n + ": application " + app + " has logs of " + amContainers.size()
          + " AM container(s) " + amContainers);
    }
    return amContainers.get(index);
  }

  /** How many bytes of a file of {@code length} {@code -size} prints (null = all, N = the first N, -N = the last N). */
  static long printed(long length, Long size) {
    return size == null ? length : Math.min(Math.abs(size), length);
  }

  /**
   * One log file of {@code length} bytes under YARN's headers, then {@code print} bytes of {@code content} (the part
   * {@code -size} chose, read front to back).
   */
  static void printFile(PrintStream out, ContainerId container, String node, String type, String file, long length,
      InputStream content, long print) throws IOException {
    out.println("Container: " + container + " on " + node);
    out.println("LogAggregationType: " + type);
    out.println("=".repeat(container.toString().length() + node.length() + 14));
    out.println("LogType:" + file);
    out.println("LogLength:" + length);
    out.println("LogContents:");
    byte[] buffer = new byte[64 * 1024];
    long left = print;
    while (left > 0) {
      int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
      left -= n;
    }
    out.println();
    out.println("End of LogType:" + file);
    out.println("*".repeat(77));
    out.println();
    out.flush();
  }
}
