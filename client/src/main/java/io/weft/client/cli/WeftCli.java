package io.weft.client.cli;

import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.WeftException;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;

/**
 * The client side of {@code bin/weft}: {@code submit}, {@code distributed-shell}, {@code application},
 * {@code applicationattempt}, {@code container}, {@code logs}, {@code node}, {@code queue}, {@code rmadmin}, {@code security},
 * {@code top}, {@code version}, {@code classpath}; bin/weft's daemons join them through {@link #run(List, String...)}.
 */
@Command(name = "weft", mixinStandardHelpOptions = true, versionProvider = BuildInfo.Provider.class,
    description = "Weft: submit applications, inspect and administer the cluster, run its daemons.")
public final class WeftCli {
  /** Exit code of a command line that is wrong (a flag, a value). */
  public static final int USAGE_ERROR = 2;

  private final CliContext context;

  public WeftCli(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    System.exit(new WeftCli(new CliContext(configFromEnvironment(), System.out, System.err)).run(args));
  }

  /** {@code weft-site.properties}, then any {@code -Dweft.*} system property (from WEFT_OPTS). */
  public static WeftConfig configFromEnvironment() {
    return WeftConfig.fromEnvironment();
  }

  /**
   * Prints a {@link WeftException} as one line for people and picks the exit code: a bad value
   * exits {@link #USAGE_ERROR}, any other failure 1. Anything else is a bug and propagates.
   */
  public static IExecutionExceptionHandler errorHandler(PrintStream err) {
    return (e, commandLine, parseResult) -> {
      if (e instanceof WeftException we) {
        err.println("weft: " + we.getMessage());
        return we.code() == WeftException.Code.INVALID_ARGUMENT ? USAGE_ERROR : 1;
      }
      throw e;
    };
  }

  public int run(String... args) {
    return run(List.of(), args);
  }

  /**
   * As {@link #run(String...)}, with {@code moreCommands} (picocli commands, e.g. the daemons bin/weft also runs)
   * listed and run beside the client's own.
   */
  public int run(List<?> moreCommands, String... args) {
    CommandLine cli = new CommandLine(this)
        .addSubcommand(new CommandLine(new SubmitCommand(context)).setStopAtPositional(true)
            .setUnmatchedOptionsArePositionalParams(true)) // SubmitCommand names an unknown flag itself
        .addSubcommand(new DistributedShellCommand(context))
        .addSubcommand(new ApplicationCommand(context))
        .addSubcommand(new ApplicationAttemptCommand(context))
        .addSubcommand(new ContainerCommand(context))
        .addSubcommand(new LogsCommand(context))
        .addSubcommand(new NodeCommand(context))
        .addSubcommand(new QueueCommand(context))
        .addSubcommand(new RmAdminCommand(context))
        .addSubcommand(new ClusterCommand(context))
        .addSubcommand(new CommandLine(new SecurityCommand(context)).addSubcommand(new TokenCommand(context)))
        .addSubcommand(new TopCommand(context))
        .addSubcommand(new VersionCommand(context))
        .addSubcommand(new ClasspathCommand(context));
    moreCommands.forEach(cli::addSubcommand);
    cli.setOut(new java.io.PrintWriter(context.out(), true));
    cli.setErr(new java.io.PrintWriter(context.err(), true));
    cli.setExecutionExceptionHandler(errorHandler(context.err()));
    if (args.length == 0) {
      cli.usage(context.err());
      return USAGE_ERROR;
    }
    return cli.execute(args);
  }

}
