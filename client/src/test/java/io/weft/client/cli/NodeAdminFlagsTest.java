package io.weft.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code rmadmin -refreshNodes} and {@code node -list -states} flags are checked before any RPC. */
class NodeAdminFlagsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  // Nothing listens on port 1: a command that got past its flags fails UNAVAILABLE (exit 1), not usage.
  private final WeftCli cli = new WeftCli(new CliContext(
      WeftConfig.empty().with(CommonKeys.RM_ADDRESS, "127.0.0.1:1").with(CommonKeys.RM_CONNECT_MAX_WAIT, "200"),
      new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "rmadmin                                   | needs exactly one of -refreshQueues and -refreshNodes",
      "rmadmin -refreshQueues -refreshNodes      | needs exactly one of -refreshQueues and -refreshNodes",
      "rmadmin -refreshQueues -g 10              | -g, -client and -server go with -refreshNodes",
      "rmadmin -refreshNodes -client             | -client and -server go with -g",
      "rmadmin -refreshNodes -g 10 -client -server | -client and -server exclude each other",
      "rmadmin -refreshNodes -g soon             | -g soon is not a number of seconds",
      "rmadmin -refreshNodes -g -5               | -g -5 must be at least 0 seconds (or -1 for no limit)",
      "node -list -states RUNNING,ASLEEP         | -states ASLEEP is not a node state",
      "node -list -all -states RUNNING           | -all and -states exclude each other",
  })
  void badFlags_areRefusedAsUsageErrors(String command, String message) {
    assertThat(cli.run(command.trim().split("\\s+"))).as("%s", err).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "rmadmin -refreshNodes -g -1 -server",
      "rmadmin -refreshNodes -g -client",
      "rmadmin -refreshNodes -g 60",
      "node -list -states DECOMMISSIONING,unhealthy",
  })
  void goodFlags_getAsFarAsTheRm(String command) {
    assertThat(cli.run(command.split(" "))).as("%s", err).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Unknown option").doesNotContain("Usage");
  }
}
