package io.weft.dist;

import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.nm.NodeManagerMain;
import io.weft.rm.ResourceManagerMain;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * {@code bin/weft}'s one entry point: daemons ({@code resourcemanager}, {@code nodemanager}),
 * {@code local-cluster} and {@code quickstart} here, every client command in {@link WeftCli}.
 */
public final class Weft {
  /** Read by log4j2.xml for the root level. */
  private static final String LOG_LEVEL = "weft.log.level";

  private Weft() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "resourcemanager" -> ResourceManagerMain.main(rest);
      case "nodemanager" -> NodeManagerMain.main(rest);
      case "local-cluster" -> System.exit(run(new LocalClusterCommand(), rest));
      case "quickstart" -> {
        // The daemons share this process: keep their INFO lines out of the quickstart's story.
        if (System.getProperty(LOG_LEVEL) == null) {
          System.setProperty(LOG_LEVEL, "WARN");
        }
        System.exit(run(new Quickstart(), rest));
      }
      default -> System.exit(new WeftCli(new CliContext(WeftCli.configFromEnvironment(), System.out, System.err))
          .run(args));
    }
  }

  private static int run(Object command, String[] args) {
    return new CommandLine(command).setExecutionExceptionHandler(WeftCli.errorHandler(System.err)).execute(args);
  }
}
