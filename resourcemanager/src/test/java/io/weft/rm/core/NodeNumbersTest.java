package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.NodeId;
import org.junit.jupiter.api.Test;

/** Nodes keep their numbers while known; a forgotten node's number names nobody until a new node takes it. */
class NodeNumbersTest {
  private static final NodeId A = new NodeId("host-a", 8041);
  private static final NodeId B = new NodeId("host-b", 8041);
  private static final NodeId C = new NodeId("host-c", 8041);

  @Test
  void aNodeAskedAgain_keepsItsNumber_andTheNumberNamesIt() {
    NodeNumbers numbers = new NodeNumbers();
    int a = numbers.of(A);
    int b = numbers.of(B);

    assertThat(numbers.of(A)).isEqualTo(a);
    assertThat(b).isNotEqualTo(a);
    assertThat(numbers.node(a)).isEqualTo(A);
    assertThat(numbers.node(b)).isEqualTo(B);
    assertThat(numbers.node(b + 1)).isNull();
  }

  @Test
  void aForgottenNodesNumber_namesNobody_untilTheNextNewNodeTakesIt() {
    NodeNumbers numbers = new NodeNumbers();
    int a = numbers.of(A);
    numbers.of(B);

    numbers.forget(A);

    assertThat(numbers.node(a)).isNull();
    assertThat(numbers.of(C)).isEqualTo(a);
    assertThat(numbers.node(a)).isEqualTo(C);
    assertThat(numbers.of(A)).as("A back, as a new node").isNotEqualTo(a);
  }
}
