package io.weft.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code weft version}, as {@code yarn version}: the version, who built it when, and the jar that runs. */
@Command(name = "version", description = "Print the version of Weft and how it was built.",
    mixinStandardHelpOptions = true, versionProvider = BuildInfo.Provider.class)
final class VersionCommand implements Callable<Integer> {
  private final CliContext context;

  VersionCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    BuildInfo build = BuildInfo.load();
    context.out().println("Weft " + build.version());
    context.out().println("Compiled by " + build.builtBy() + " on " + build.built() + " with Java " + build.builtWith());
    context.out().println("Running on Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    BuildInfo.codeLocation().ifPresent(jar -> context.out().println("This command was run using " + jar));
    return 0;
  }
}
