package io.weft.bench.yarn;

import io.weft.client.WeftClient;
import io.weft.common.id.ApplicationId;

/** How the benchmarks submit Weft's applications: the minimal AM and distributed shell. */
final class WeftApps {
  private WeftApps() {}

  /** Submits the minimal AM running {@code true} in {@code n} containers of 1 GB / 1 vcore; returns its id. */
  static ApplicationId submitMinimalAm(WeftClient client, int n, String name) {
    throw new UnsupportedOperationException("the minimal AM is not available yet");
  }
}
