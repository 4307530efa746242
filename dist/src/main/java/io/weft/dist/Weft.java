package io.weft.dist;

import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/weft}'s one entry point: every client command of {@link WeftCli}, and here the daemons
 * ({@code resourcemanager}, {@code nodemanager}), {@code local-cluster} and {@code quickstart}, all listed by
 * {@code weft --help} and each answering {@code --help}.
 */
public final class Weft {
  /** Read by log4j2.xml for the root level. */
  private static final String LOG_LEVEL = "weft.log.level";

  private Weft() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("quickstart") && System.getProperty(LOG_LEVEL) == null) {
      // The daemons share this process: keep their INFO lines out of the quickstart's story.
      System.setProperty(LOG_LEVEL, "WARN");
    }
    System.exit(run(new CliContext(WeftCli.configFromEnvironment(), System.out, System.err), args));
  }

  /** Runs {@code args} as bin/weft does, printing to {@code context}'s streams; answers the exit code. */
  static int run(CliContext context, String... args) {
    List<Object> more = new ArrayList<>(DaemonCommands.all());
    more.add(new LocalClusterCommand());
    more.add(new Quickstart());
    more.add(new JobServerCommand(context));
    return new WeftCli(context).run(more, args);
  }
}
