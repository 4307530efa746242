package io.weft.client.submit;

import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.WeftException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --master} value: {@code weft} (the configured RM or RMs), {@code weft://host:port} or, for
 * an HA pair, {@code weft://host:port,host:port}, or {@code local}, {@code local[N]}, {@code local[*]}.
 */
public record Master(Optional<List<HostPort>> rmAddresses, int localThreads) {
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[1-9][0-9]*)])?");

  public static Master parse(String text) {
    if (text.equals("weft")) {
      return new Master(Optional.empty(), 0);
    }
    if (text.startsWith("weft://")) {
      return new Master(Optional.of(RmEndpoints.parseList(text.substring("weft://".length()), "--master " + text)),
          0);
    }
    Matcher local = LOCAL.matcher(text);
    if (local.matches()) {
      String n = local.group(1);
      int threads = n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
      return new Master(Optional.empty(), threads);
    }
    throw WeftException.invalidArgument("--master '" + text
        + "' is not supported: use weft, weft://host:port[,host:port...], local, local[N] or local[*]");
  }

  /** The RMs to call: those named in the URL, else those {@code config} names. */
  public List<HostPort> rmAddresses(WeftConfig config) {
    return rmAddresses.orElseGet(() -> RmEndpoints.rpcAddresses(config));
  }

  public boolean isLocal() {
    return localThreads > 0;
  }
}
