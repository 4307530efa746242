package io.weft.client.cli;

import static java.util.Objects.requireNonNull;

import io.weft.client.WeftClient;
import io.weft.common.config.WeftConfig;
import java.io.PrintStream;

/** What every command gets: the configuration and where to print. */
public record CliContext(WeftConfig config, PrintStream out, PrintStream err) {
  public CliContext {
    requireNonNull(config);
    requireNonNull(out);
    requireNonNull(err);
  }

  /** A client that tells stderr, one line each, when the RM is lost and when it is found again. */
  WeftClient connect() {
    return connect(config);
  }

  WeftClient connect(WeftConfig config) {
    return WeftClient.connect(config, err::println);
  }
}
