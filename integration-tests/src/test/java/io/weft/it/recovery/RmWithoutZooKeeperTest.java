package io.weft.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** An HA ResourceManager process whose ZooKeeper is not there yet: it waits, says why, and joins once it is. */
@Tag("recovery")
class RmWithoutZooKeeperTest {
  @Test
  void withZooKeeperDown_theRmServesNothingActive_namesZooKeeper_andBecomesActiveWhenItComesUp(
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir) throws Exception {
    try (TestingServer zooKeeper = QuickZooKeeper.create(workDir.resolve("zookeeper").toFile(), false);
        ProcessCluster cluster = ProcessCluster.withHa(workDir.resolve("cluster"), 1, 0,
            Map.of("weft.resourcemanager.cluster-id", "late-zookeeper"), zooKeeper.getConnectString())) {
      cluster.startRm(0);

      assertThat(cluster.haState(0)).isIn("INITIALIZING", "STANDBY");
      await("the RM to name the ZooKeeper it cannot reach").atMost(Duration.ofSeconds(30))
          .until(() -> cluster.rmLog(0).contains(zooKeeper.getConnectString()));
      ProcessCluster.CliRun state = cluster.cli("rmadmin", "-getServiceState", "rm1");
      assertThat(state.out().strip()).isIn("initializing", "standby");

      zooKeeper.start();

      assertThat(cluster.awaitOneActive(Duration.ofSeconds(60))).isZero();
    }
  }
}
