package io.weft.common.launch.warm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EarlyInitializationTest {
  @Test
  void onlyGrpcProtobufGeneratedMessagesAndJackson_areInitializedBeforeTheClaim() {
    assertThat(WarmJvm.initializedEarly("io.grpc.internal.GrpcUtil")).isTrue();
    assertThat(WarmJvm.initializedEarly("io.grpc.netty.shaded.io.netty.channel.epoll.Epoll")).isTrue();
    assertThat(WarmJvm.initializedEarly("com.google.protobuf.GeneratedMessageV3")).isTrue();
    assertThat(WarmJvm.initializedEarly("io.weft.proto.Token")).isTrue();
    assertThat(WarmJvm.initializedEarly("com.fasterxml.jackson.databind.ObjectMapper")).isTrue();
    // log4j is configured as a whole by EarlyLogging, not class by class; Weft's classes read the environment
    assertThat(WarmJvm.initializedEarly("org.apache.logging.log4j.LogManager")).isFalse();
    assertThat(WarmJvm.initializedEarly("io.weft.driver.executor.ExecutorMain")).isFalse();
    assertThat(WarmJvm.initializedEarly("io.weft.common.launch.ContainerEnvironment")).isFalse();
  }
}
