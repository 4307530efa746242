package io.weft.shuffle;

import io.weft.common.config.ConfigKey;

/** Configuration keys the NodeManager's shuffle service reads (from the NodeManager's configuration). */
public final class ShuffleKeys {
  public static final ConfigKey<Integer> SERVICE_PORT = ConfigKey.integer("weft.shuffle.service.port", 0, 0, 65535,
      "port of the NodeManager's shuffle service (on the NodeManager's bind host); 0 = ephemeral, chosen anew at "
          + "each NodeManager start, so map outputs served before a NodeManager restart are recomputed after it");

  private ShuffleKeys() {}
}
