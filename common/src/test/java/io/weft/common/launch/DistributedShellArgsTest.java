package io.weft.common.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.rpc.WeftException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistributedShellArgsTest {
  @Test
  void command_survivesTheAmCommandLine_andRunsInBash() {
    DistributedShellArgs args = new DistributedShellArgs(4, 512, 2, 3, "echo \"$A\" 'b c'", null, "x y",
        Map.of("A", "a=1"));

    DistributedShellArgs parsed = DistributedShellArgs.parse(args.toArgs().toArray(String[]::new));

    assertThat(parsed).isEqualTo(args);
    assertThat(parsed.containerCommand()).containsExactly("bash", "-c", "echo \"$A\" 'b c' x y");
  }

  @Test
  void script_survivesTheAmCommandLine_andRunsAsExecScript() {
    DistributedShellArgs args = new DistributedShellArgs(1, 1024, 1, 0, null,
        new DistributedShellArgs.StagedScript("staging:ab12", 42, "ab12"), "", Map.of());

    DistributedShellArgs parsed = DistributedShellArgs.parse(args.toArgs().toArray(String[]::new));

    assertThat(parsed).isEqualTo(args);
    assertThat(parsed.containerCommand()).containsExactly("bash", "-c", "bash ExecScript.sh");
  }

  @Test
  void containerResources_surviveTheAmCommandLine() {
    DistributedShellArgs args = new DistributedShellArgs(2, 512, 1, 0, "true", null, "", Map.of(),
        DistributedShellArgs.parseResources(" gpu=1, fpga = 2 "));

    assertThat(args.containerResources()).isEqualTo(Map.of("gpu", 1L, "fpga", 2L));
    assertThat(DistributedShellArgs.parse(args.toArgs().toArray(String[]::new))).isEqualTo(args);
  }

  @Test
  void badContainerResources_areRefusedNamingTheEntry() {
    assertThatThrownBy(() -> DistributedShellArgs.parseResources("gpu")).hasMessageContaining("'gpu' is not type=count");
    assertThatThrownBy(() -> DistributedShellArgs.parseResources("gpu=-1")).hasMessageContaining("gpu must not be negative");
    assertThatThrownBy(() -> DistributedShellArgs.parseResources("vcores=2")).hasMessageContaining("--container-vcores");
    assertThatThrownBy(() -> DistributedShellArgs.parseResources("gpu=1,gpu=2")).hasMessageContaining("gpu twice");
  }

  @Test
  void badValues_areRefusedNamingTheFlag() {
    assertThatThrownBy(() -> new DistributedShellArgs(0, 1, 1, 0, "true", null, "", Map.of()))
        .isInstanceOf(WeftException.class).hasMessage("--num-containers must be at least 1, got 0");
    assertThatThrownBy(() -> new DistributedShellArgs(1, 1, 1, -1, "true", null, "", Map.of()))
        .hasMessage("--priority must not be negative, got -1");
    assertThatThrownBy(() -> new DistributedShellArgs(1, 1, 1, 0, " ", null, "", Map.of()))
        .hasMessage("--shell-command must not be empty");
    assertThatThrownBy(() -> DistributedShellArgs.parseEnv(List.of("A-B=1")))
        .hasMessageContaining("--shell-env name 'A-B' is not a shell variable name");
    assertThatThrownBy(() -> DistributedShellArgs.parse(new String[] {"--num-containers", "many"}))
        .hasMessage("distributed shell AM argument --num-containers 'many' is not a number");
  }
}
