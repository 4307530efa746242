package io.weft.rm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.rm.app.AppEvent;
import io.weft.rm.app.AppLifecycle;
import io.weft.rm.app.AppState;
import io.weft.rm.app.AttemptLifecycle;
import io.weft.rm.app.AttemptState;
import io.weft.rm.container.ContainerLifecycle;
import io.weft.rm.container.ContainerState;
import io.weft.rm.ha.HaEvent;
import io.weft.rm.ha.HaLifecycle;
import io.weft.rm.ha.HaServiceState;
import io.weft.rm.node.NodeLifecycle;
import io.weft.rm.node.NodeState;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTablesTest {
  static Stream<Arguments> tables() {
    return Stream.of(
        Arguments.of(Named.of("application", AppLifecycle.TABLE), AppState.NEW,
            EnumSet.of(AppState.FINISHED, AppState.FAILED, AppState.KILLED)),
        Arguments.of(Named.of("attempt", AttemptLifecycle.TABLE), AttemptState.NEW,
            EnumSet.of(AttemptState.FINISHED, AttemptState.FAILED, AttemptState.KILLED)),
        Arguments.of(Named.of("container", ContainerLifecycle.TABLE), ContainerState.NEW,
            EnumSet.of(ContainerState.COMPLETED, ContainerState.EXPIRED, ContainerState.RELEASED,
                ContainerState.KILLED)),
        Arguments.of(Named.of("node", NodeLifecycle.TABLE), NodeState.NEW,
            EnumSet.of(NodeState.LOST, NodeState.SHUTDOWN, NodeState.DECOMMISSIONED)),
        Arguments.of(Named.of("HA", HaLifecycle.TABLE), HaServiceState.INITIALIZING,
            EnumSet.of(HaServiceState.STOPPED)));
  }

  /** ZooKeeper, the election, the store and administrators send HA events at any time: none may throw. */
  @Test
  void haTable_handlesEveryEventInEveryState() {
    for (HaServiceState state : HaServiceState.values()) {
      for (Class<?> event : HaEvent.class.getPermittedSubclasses()) {
        assertThat(HaLifecycle.TABLE.accepts(state, event.asSubclass(HaEvent.class)))
            .as("%s handles %s", state, event.getSimpleName()).isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("tables")
  <S extends Enum<S>> void everyState_isReachable_andOnlyFinalStatesAreTerminal(TransitionTable<S, ?> table,
      S initial, Set<S> finals) {
    Set<S> all = EnumSet.allOf(initial.getDeclaringClass());
    assertThat(table.reachableFrom(initial)).isEqualTo(all);
    for (S state : all) {
      assertThat(table.isTerminal(state)).as("%s %s is terminal", table.entity(), state)
          .isEqualTo(finals.contains(state));
    }
  }

  @Test
  void disallowedEvent_throwsNamingEntityEventAndState() {
    assertThatThrownBy(() -> AppLifecycle.TABLE.next("application_1_0001", AppState.FINISHED, new AppEvent.Kill()))
        .isInstanceOf(TransitionTable.IllegalTransitionException.class)
        .hasMessage("application application_1_0001 cannot handle Kill in state FINISHED");
  }

  @Test
  void declaredIgnoredEvent_leavesStateUnchanged() {
    assertThat(AppLifecycle.TABLE.next("application_1_0001", AppState.FINISHING, new AppEvent.Kill()))
        .isEqualTo(AppState.FINISHING);
  }

  @Test
  void happyPath_followsYarnNames() {
    AppState s = AppState.NEW;
    for (AppEvent e : new AppEvent[] {new AppEvent.Start(), new AppEvent.Saved(), new AppEvent.Accepted(),
        new AppEvent.AttemptRegistered(), new AppEvent.AttemptUnregistered(), new AppEvent.FinalSavedFinishing(),
        new AppEvent.AttemptFinished()}) {
      s = AppLifecycle.TABLE.next("application_1_0001", s, e);
    }
    assertThat(s).isEqualTo(AppState.FINISHED);
  }
}
