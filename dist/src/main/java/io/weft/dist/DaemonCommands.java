package io.weft.dist;

import io.weft.history.HistoryServerMain;
import io.weft.nm.NodeManagerMain;
import io.weft.rm.ResourceManagerMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The daemons as picocli commands, so {@code weft --help} lists them and {@code weft resourcemanager --help}
 * answers (exit 0) like every other command; what they run is {@link ResourceManagerMain} and
 * {@link NodeManagerMain}, handed the same arguments.
 */
final class DaemonCommands {
  private DaemonCommands() {}

  static List<Object> all() {
    return List.of(new ResourceManager(), new NodeManager(), new HistoryServer());
  }

  /** What every daemon command takes ({@code --help}, {@code --conf key=value}...); runs its main with them. */
  private abstract static class Daemon implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--conf", paramLabel = "key=value", description = "a configuration value over "
        + "weft-site.properties, repeatable")
    List<String> conf = new ArrayList<>();

    /** Runs the daemon's main with {@code args}: the command's own flags, then {@code --conf} pairs. */
    abstract void main(String[] args) throws InterruptedException;

    /** The command's own flags, before the {@code --conf} pairs. */
    List<String> flags() {
      return List.of();
    }

    @Override
    public Integer call() throws InterruptedException {
      List<String> args = new ArrayList<>(flags());
      conf.forEach(kv -> {
        args.add("--conf");
        args.add(kv);
      });
      main(args.toArray(String[]::new));
      return 0;
    }
  }

  @Command(name = "resourcemanager", description = {"Run a ResourceManager until SIGTERM or Ctrl-C (with "
      + "weft.resourcemanager.ha.enabled, as one RM of an HA cluster).",
      "Reads weft-site.properties from $WEFT_CONF_DIR (default $WEFT_HOME/conf), then -Dweft.* from WEFT_OPTS, "
          + "then --conf. A configuration or state store that stops it from starting exits 2.",
      "bin/weft-daemon.sh start resourcemanager runs it in the background with a pid file and a log file."})
  static final class ResourceManager extends Daemon {
    @Option(names = "-format-state-store", description = "wipe the configured state store (with HA, the cluster's "
        + "store in ZooKeeper) and exit, instead of running")
    boolean formatStateStore;

    @Override
    List<String> flags() {
      return formatStateStore ? List.of("-format-state-store") : List.of();
    }

    @Override
    void main(String[] args) throws InterruptedException {
      ResourceManagerMain.main(args);
    }
  }

  @Command(name = "nodemanager", description = {"Run a NodeManager until SIGTERM, or until the ResourceManager "
      + "tells it to shut down (decommissioned).",
      "Reads weft-site.properties from $WEFT_CONF_DIR (default $WEFT_HOME/conf), then --conf.",
      "bin/weft-daemon.sh start nodemanager runs it in the background with a pid file and a log file."})
  static final class NodeManager extends Daemon {
    @Override
    void main(String[] args) throws InterruptedException {
      NodeManagerMain.main(args);
    }
  }

  @Command(name = "historyserver", description = {"Run a history server until SIGTERM: the aggregated log store "
      + "(NodeManagers upload container logs, drivers write event logs) and the UI of finished applications.",
      "Reads weft-site.properties from $WEFT_CONF_DIR (default $WEFT_HOME/conf), then --conf.",
      "bin/weft-daemon.sh start historyserver runs it in the background with a pid file and a log file."})
  static final class HistoryServer extends Daemon {
    @Override
    void main(String[] args) throws InterruptedException {
      HistoryServerMain.main(args);
    }
  }
}
