package io.weft.history;

import io.weft.common.config.ConfigKey;

/** Keys only the history server reads; its addresses are in {@link io.weft.common.config.CommonKeys}. */
public final class HistoryKeys {
  public static final ConfigKey<String> DIR = ConfigKey.string("weft.historyserver.dir", "",
      "the directory of the history server's log store (<dir>/<application>/...); empty = "
          + "<java.io.tmpdir>/weft-history-<user>");

  public static final ConfigKey<String> BIND_HOST = ConfigKey.string("weft.historyserver.bind-host", "",
      "the host the history server's gRPC and web servers listen on (e.g. 0.0.0.0), with the ports of "
          + "weft.historyserver.address and weft.historyserver.webapp.address; empty = the hosts of those addresses");

  private HistoryKeys() {}

  /** Registers the keys, so configuration checks and the reference know them. */
  public static void declare() {}
}
