package io.weft.it.recovery;

import java.io.File;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** A real one-node ZooKeeper for the tests, ticking fast enough to grant the RMs' 1.5 s sessions. */
final class QuickZooKeeper {
  /** Sessions may be as short as two ticks; ZooKeeper's default tick (3 s here) would stretch them to 6 s. */
  private static final int TICK_MS = 250;

  private QuickZooKeeper() {}

  /** On an ephemeral port; started when {@code start}. */
  static TestingServer create(File dataDir, boolean start) throws Exception {
    return new TestingServer(new InstanceSpec(dataDir, -1, -1, -1, true, -1, TICK_MS, -1), start);
  }
}
