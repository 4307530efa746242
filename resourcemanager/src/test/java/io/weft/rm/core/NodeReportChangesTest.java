package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each node noted once between drains, in the order first noted, however many nodes there are. */
class NodeReportChangesTest {
  private final NodeReportChanges changes = new NodeReportChanges();

  @Test
  void aNodeNotedAgainBeforeTheDrain_isListedOnce_andAfterTheDrainAgain() {
    changes.add(3);
    changes.add(0);
    changes.add(3);

    assertThat(changes.drain()).containsExactly(3, 0);
    assertThat(changes.drain()).isEmpty();
    changes.add(3);
    assertThat(changes.drain()).containsExactly(3);
  }

  @Test
  void numbersBeyondTheFirstTables_areNotedToo() {
    for (int n = 999; n >= 0; n--) {
      changes.add(n);
      changes.add(n);
    }

    int[] drained = changes.drain();
    assertThat(drained).hasSize(1000).startsWith(999, 998).endsWith(1, 0);
  }
}
