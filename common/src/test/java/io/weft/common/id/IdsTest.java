package io.weft.common.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.rpc.WeftException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IdsTest {
  private final ApplicationId app = new ApplicationId(1700000000123L, 7);

  @Test
  void textualForms_followYarn() {
    ApplicationAttemptId attempt = new ApplicationAttemptId(app, 2);
    assertThat(app).hasToString("application_1700000000123_0007");
    assertThat(attempt).hasToString("appattempt_1700000000123_0007_000002");
    assertThat(new ContainerId(attempt, 15)).hasToString("container_1700000000123_0007_02_000015");
  }

  @Test
  void containersOfARestartedRm_carryYarnsEpochForm() {
    ApplicationAttemptId attempt = new ApplicationAttemptId(app, 1);
    ContainerId first = new ContainerId(attempt, ContainerId.firstNumber(3));
    assertThat(first).hasToString("container_e03_1700000000123_0007_01_000001");
    assertThat(first.epoch()).isEqualTo(3);
    assertThat(ContainerId.parse(first.toString())).isEqualTo(first);
    assertThat(first).isNotEqualTo(new ContainerId(attempt, 1)).isGreaterThan(new ContainerId(attempt, 999_999));
    assertThat(ContainerId.parse("container_e17_1410901177871_0001_01_000005").epoch()).isEqualTo(17);
    assertThatThrownBy(() -> ContainerId.parse("container_ex_1410901177871_0001_01_000005"))
        .hasMessageContaining("container_ex_1410901177871_0001_01_000005");
  }

  @Test
  void parse_roundTripsEveryForm() {
    ContainerId container = new ContainerId(new ApplicationAttemptId(app, 1), 1234567);
    assertThat(ApplicationId.parse(app.toString())).isEqualTo(app);
    assertThat(ContainerId.parse(container.toString())).isEqualTo(container);
    assertThat(NodeId.parse("host-1:8041")).isEqualTo(new NodeId("host-1", 8041));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "application_", "application_12_", "application_x_0001", "app_1_0001",
      "application_1_0001_3"})
  void parse_malformedApplicationId_namesTheValue(String text) {
    assertThatThrownBy(() -> ApplicationId.parse(text))
        .isInstanceOf(WeftException.class)
        .hasMessageContaining("'" + text + "' is not a valid application id");
  }

  @Test
  void nodeId_withBadPort_isRejected() {
    assertThatThrownBy(() -> NodeId.parse("h:99999")).hasMessageContaining("99999");
    assertThatThrownBy(() -> NodeId.parse("h")).hasMessageContaining("host:port");
  }

  /** An RM holds many applications' containers, whose numbers overlap: their hashes must still differ. */
  @Test
  void containersOfManyApplications_haveDistinctHashes() {
    java.util.Set<Integer> hashes = new java.util.HashSet<>();
    int containers = 0;
    for (int app = 1; app <= 100; app++) {
      ApplicationAttemptId attempt = new ApplicationAttemptId(new ApplicationId(1_700_000_000_000L, app), 1);
      for (long number = 1; number <= 3_000; number++) {
        hashes.add(new ContainerId(attempt, number).hashCode());
        containers++;
      }
    }
    assertThat(hashes.size()).as("distinct hashes of %s containers", containers)
        .isGreaterThan(containers * 99 / 100);
  }
}
