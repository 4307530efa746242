package io.weft.common.launch.warm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EarlyInitializationTest {
  @Test
  void onlyGrpcProtobufAndGeneratedMessages_areInitializedBeforeTheClaim() {
    assertThat(WarmJvm.initializedEarly("io.grpc.internal.GrpcUtil")).isTrue();
    assertThat(WarmJvm.initializedEarly("io.grpc.netty.shaded.io.netty.channel.epoll.Epoll")).isTrue();
    assertThat(WarmJvm.initializedEarly("com.google.protobuf.GeneratedMessageV3")).isTrue();
    assertThat(WarmJvm.initializedEarly("io.weft.proto.Token")).isTrue();
    // log4j configures itself from the container's properties and directories; Weft's classes read its environment
    assertThat(WarmJvm.initializedEarly("org.apache.logging.log4j.LogManager")).isFalse();
    assertThat(WarmJvm.initializedEarly("io.weft.driver.executor.ExecutorMain")).isFalse();
    assertThat(WarmJvm.initializedEarly("io.weft.common.launch.ContainerEnvironment")).isFalse();
  }
}
