package io.weft.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** rmadmin's node label arguments in YARN's syntax. */
class NodeLabelArgsTest {
  @Test
  void labelsToAdd() {
    assertThat(NodeLabelArgs.labelsToAdd("gpu(exclusive=true),ssd, fpga (exclusive=false)"))
        .containsExactly(Map.entry("gpu", true), Map.entry("ssd", true), Map.entry("fpga", false));
    assertThatThrownBy(() -> NodeLabelArgs.labelsToAdd("gpu(exclusive=maybe)"))
        .hasMessage("node label gpu: exclusive=maybe is not true or false");
    assertThatThrownBy(() -> NodeLabelArgs.labelsToAdd("gpu(shared)")).hasMessageContaining("'gpu(shared)'");
  }

  @Test
  void nodeToLabels() {
    assertThat(NodeLabelArgs.nodeToLabels("host1:8041=gpu host2=ssd host3="))
        .containsExactly(Map.entry("host1:8041", Set.of("gpu")), Map.entry("host2", Set.of("ssd")),
            Map.entry("host3", Set.of()));
    assertThatThrownBy(() -> NodeLabelArgs.nodeToLabels("host1 gpu")).hasMessageContaining("'host1' in");
    assertThat(NodeLabelArgs.labelNames("gpu, ssd")).isEqualTo(List.of("gpu", "ssd"));
  }
}
