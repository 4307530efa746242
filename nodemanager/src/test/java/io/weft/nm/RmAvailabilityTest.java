package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.StablePorts;
import io.weft.nm.testing.FakeResourceManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RmAvailabilityTest {
  @TempDir Path dir;

  @Test
  void nodeManager_keepsRetrying_untilTheResourceManagerComesUp() throws Exception {
    int port = StablePorts.free();
    WeftConfig config = WeftConfig.of(Map.of(
        CommonKeys.RM_ADDRESS.key(), "127.0.0.1:" + port,
        NmKeys.LOCAL_DIRS.key(), dir.resolve("local").toString(),
        NmKeys.LOG_DIRS.key(), dir.resolve("logs").toString(),
        NmKeys.RM_RETRY_INTERVAL.key(), "100",
        NmKeys.WEBAPP_ADDRESS.key(), "127.0.0.1:0",
        NmKeys.WARM_JVMS_ENABLED.key(), "false"));
    try (NodeManager nm = new NodeManager(config)) {
      nm.start();
      assertThat(nm.isRegistered()).isFalse();
      try (FakeResourceManager rm = new FakeResourceManager(port)) {
        rm.start();
        await("registration once the RM is up").atMost(Duration.ofSeconds(20)).until(nm::isRegistered);
        assertThat(rm.registrations).extracting(r -> r.getNodeId()).contains(nm.nodeId().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> !rm.heartbeats.isEmpty());
      }
    }
  }
}
