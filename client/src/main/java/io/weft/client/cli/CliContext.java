package io.weft.client.cli;

import static java.util.Objects.requireNonNull;

import io.weft.client.WeftClient;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import java.io.PrintStream;
import java.util.List;

/** What every command gets: the configuration and where to print. */
public record CliContext(WeftConfig config, PrintStream out, PrintStream err) {
  public CliContext {
    requireNonNull(config);
    requireNonNull(out);
    requireNonNull(err);
  }

  /** A client that tells stderr, one line each, when the RM is lost and when it is found again. */
  WeftClient connect() {
    return WeftClient.connect(config, err::println);
  }

  /** As {@link #connect()}, to the RMs at {@code rmAddresses} (a {@code --master weft://...}) instead of those configured. */
  WeftClient connect(List<HostPort> rmAddresses) {
    return WeftClient.connect(config, rmAddresses, err::println);
  }

}
