package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.Channels;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceManagerTest {
  @Test
  void startsOnAnEphemeralPort_servesOverNetty_andClosesIdempotently(@TempDir Path dir) {
    ResourceManager rm = new ResourceManager(WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0",
        CommonKeys.RM_WEBAPP_ADDRESS.key(), "127.0.0.1:0",
        RmKeys.STAGING_DIR.key(), dir.toString(), RmKeys.STORE_DIR.key(), dir.resolve("rm-state").toString())));
    rm.start();
    ManagedChannel channel = Channels.forAddress(rm.address());
    try {
      assertThat(rm.address().port()).isPositive();
      String id = ApplicationClientServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .getNewApplication(GetNewApplicationRequest.getDefaultInstance()).getApplicationId();
      assertThat(id).isEqualTo("application_" + rm.clusterTimestamp() + "_0001");
    } finally {
      Channels.close(channel);
      rm.close();
      rm.close();
    }
  }
}
