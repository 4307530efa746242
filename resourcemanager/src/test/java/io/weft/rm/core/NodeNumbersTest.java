package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.NodeId;
import org.junit.jupiter.api.Test;

/** Nodes keep their numbers while known; a forgotten node's number goes to the next new node. */
class NodeNumbersTest {
  private static final NodeId A = new NodeId("host-a", 8041);
  private static final NodeId B = new NodeId("host-b", 8041);
  private static final NodeId C = new NodeId("host-c", 8041);

  @Test
  void aNodeAskedAgain_keepsItsNumber_andNodesHaveNumbersOfTheirOwn() {
    NodeNumbers numbers = new NodeNumbers();
    int a = numbers.of(A);
    int b = numbers.of(B);

    assertThat(numbers.of(A)).isEqualTo(a);
    assertThat(b).isNotEqualTo(a);
    assertThat(numbers.of(C)).isNotIn(a, b);
  }

  @Test
  void aForgottenNodesNumber_goesToTheNextNewNode() {
    NodeNumbers numbers = new NodeNumbers();
    int a = numbers.of(A);
    int b = numbers.of(B);

    assertThat(numbers.forget(A)).isEqualTo(a);
    assertThat(numbers.forget(A)).as("already forgotten").isEqualTo(-1);

    assertThat(numbers.of(C)).isEqualTo(a);
    assertThat(numbers.of(A)).as("A back, as a new node").isNotIn(a, b);
  }
}
