package io.weft.nm.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.rpc.WeftException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerStateTest {
  @Test
  void everyState_isReachableFromAnInitialState() {
    Set<ContainerState> seen = ContainerState.initial();
    Deque<ContainerState> frontier = new ArrayDeque<>(seen);
    while (!frontier.isEmpty()) {
      for (ContainerState next : frontier.pop().next()) {
        if (seen.add(next)) {
          frontier.add(next);
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(ContainerState.values());
  }

  @Test
  void done_hasNoWayOut_andEveryOtherStateLeadsToDone() {
    assertThat(ContainerState.DONE.next()).isEmpty();
    for (ContainerState state : ContainerState.values()) {
      if (state != ContainerState.DONE) {
        assertThat(state.next()).as("successors of %s", state).isNotEmpty();
      }
    }
  }

  @Test
  void disallowedTransition_throwsNamingBothStates() {
    assertThatThrownBy(() -> ContainerState.DONE.requireMoveTo(ContainerState.RUNNING, "container_x"))
        .isInstanceOfSatisfying(WeftException.class,
            e -> assertThat(e.code()).isEqualTo(WeftException.Code.FAILED_PRECONDITION))
        .hasMessageContaining("container_x cannot move from DONE to RUNNING");
    assertThatThrownBy(() -> ContainerState.KILLING.requireMoveTo(ContainerState.EXITED_WITH_SUCCESS, "c"))
        .isInstanceOf(WeftException.class);
  }

  @Test
  void onlyExitedAndDone_areCompleted() {
    assertThat(EnumSet.allOf(ContainerState.class).stream().filter(ContainerState::isCompleted))
        .containsExactlyInAnyOrder(ContainerState.EXITED_WITH_SUCCESS, ContainerState.EXITED_WITH_FAILURE,
            ContainerState.DONE);
  }
}
