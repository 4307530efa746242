package io.weft.client.submit;

import io.weft.common.id.HostPort;
import io.weft.common.rpc.WeftException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --master} value: {@code weft} (the configured RM), {@code weft://host:port}, or
 * {@code local}, {@code local[N]}, {@code local[*]}.
 */
public record Master(Optional<HostPort> rmAddress, int localThreads) {
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[1-9][0-9]*)])?");

  public static Master parse(String text) {
    if (text.equals("weft")) {
      return new Master(Optional.empty(), 0);
    }
    if (text.startsWith("weft://")) {
      return new Master(Optional.of(HostPort.parse(text.substring("weft://".length()), "--master " + text)), 0);
    }
    Matcher local = LOCAL.matcher(text);
    if (local.matches()) {
      String n = local.group(1);
      int threads = n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
      return new Master(Optional.empty(), threads);
    }
    throw WeftException.invalidArgument("--master '" + text
        + "' is not supported: use weft, weft://host:port, local, local[N] or local[*]");
  }

  public boolean isLocal() {
    return localThreads > 0;
  }
}
