package io.weft.common.launch.warm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RpcWarmUpTest {
  @Test
  void everyCallAndSessionMessageIsAnswered_andNoThreadThatWouldKeepTheContainerAliveIsLeft() {
    Set<Thread> before = nonDaemonThreads();

    assertThat(RpcWarmUp.run()).isEqualTo(3 * RpcWarmUp.CALLS);

    // a claimed JVM exits once main returns and every non-daemon thread has ended: the warm-up must add none
    assertThat(nonDaemonThreads()).isSubsetOf(before);
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }
}
