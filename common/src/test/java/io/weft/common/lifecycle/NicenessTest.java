package io.weft.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A thread lowers its own CPU priority, and only its own. Linux with renice and chrt, as CI's machine. */
class NicenessTest {

  @Test
  void aThreadRaisesItsOwnNiceness_andNoOtherThreads() throws Exception {
    int mine = Niceness.ofCurrentThread();
    int target = Math.min(Niceness.MAX, mine + 5);

    int[] seen = CompletableFuture.supplyAsync(() -> {
      boolean raised = Niceness.raiseCurrentThreadTo(target, "a test thread");
      try {
        return new int[] {raised ? 1 : 0, Niceness.ofCurrentThread()};
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, r -> new Thread(r, "niceness-test").start()).get();

    assertThat(seen[0]).as("raised").isEqualTo(1);
    assertThat(seen[1]).isEqualTo(target);
    assertThat(Niceness.ofCurrentThread()).as("the calling thread").isEqualTo(mine);
  }

  @Test
  void aThreadPutsItselfUnderTheIdlePolicy_andNoOtherThread() throws Exception {
    boolean[] seen = CompletableFuture.supplyAsync(() -> {
      try {
        boolean before = Niceness.currentThreadIdle();
        boolean done = Niceness.idleCurrentThread("a test thread");
        return new boolean[] {before, done, Niceness.currentThreadIdle()};
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, r -> new Thread(r, "idle-policy-test").start()).get();

    assertThat(seen[0]).as("idle before").isFalse();
    assertThat(seen[1]).as("done").isTrue();
    assertThat(seen[2]).as("idle after").isTrue();
    assertThat(Niceness.currentThreadIdle()).as("the calling thread").isFalse();
  }

  @Test
  void aNicenessOutsideTheRange_isRefused_namingIt() {
    assertThatThrownBy(() -> Niceness.raiseCurrentThreadTo(20, "a test thread"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20").hasMessageContaining("0..19");
    assertThatThrownBy(() -> Niceness.raiseCurrentThreadTo(-1, "a test thread"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }
}
