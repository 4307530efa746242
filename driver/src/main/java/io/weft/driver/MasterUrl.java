package io.weft.driver;

import io.weft.common.config.RmEndpoints;
import io.weft.common.id.HostPort;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed master URL: {@code local}, {@code local[N]}, {@code local[*]}, {@code weft},
 * {@code weft://host:port}, or for an HA pair {@code weft://host:port,host:port}.
 */
sealed interface MasterUrl {
  Pattern LOCAL_N = Pattern.compile("local\\[(\\d+|\\*)]");

  /** Driver and {@code threads} executor threads in this JVM. */
  record Local(int threads) implements MasterUrl {}

  /** A Weft cluster: the configured ResourceManager(s), or those at {@code rms}. */
  record Cluster(Optional<List<HostPort>> rms) implements MasterUrl {}

  static MasterUrl parse(String master) {
    String m = master.trim();
    if (m.equals("local")) {
      return new Local(1);
    }
    Matcher local = LOCAL_N.matcher(m);
    if (local.matches()) {
      int threads = local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(local.group(1));
      if (threads < 1) {
        throw new IllegalArgumentException("master '" + master + "' asks for " + threads
            + " threads; local[N] needs N >= 1");
      }
      return new Local(threads);
    }
    if (m.equals("weft")) {
      return new Cluster(Optional.empty());
    }
    if (m.startsWith("weft://")) {
      return new Cluster(Optional.of(RmEndpoints.parseList(m.substring("weft://".length()), "master " + master)));
    }
    throw new IllegalArgumentException("cannot parse master URL '" + master
        + "': expected local, local[N], local[*], weft or weft://host:port[,host:port...]");
  }
}
