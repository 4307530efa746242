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

  /** Each part at every width it can have, against YARN's forms written with String.format, and back. */
  @Test
  void everyPartIsPaddedToItsWidth_notCut_andParsesBack() {
    for (int n : new int[] {1, 9, 10, 99, 100, 999, 1_000, 9_999, 10_000, 999_999, 1_000_000, Integer.MAX_VALUE}) {
      ApplicationId application = new ApplicationId(n, n);
      ApplicationAttemptId attempt = new ApplicationAttemptId(application, n);
      ContainerId container = new ContainerId(attempt, n);
      int epoch = Math.min(n, (1 << (63 - ContainerId.EPOCH_SHIFT)) - 1); // the most the id's upper bits hold
      ContainerId afterRestart = new ContainerId(attempt, ((long) epoch << ContainerId.EPOCH_SHIFT) | n);
      String suffix = String.format("%d_%04d", n, n);
      assertThat(application).hasToString("application_" + suffix);
      assertThat(attempt).hasToString(String.format("appattempt_%s_%06d", suffix, n));
      assertThat(container).hasToString(String.format("container_%s_%02d_%06d", suffix, n, n));
      assertThat(afterRestart).hasToString(String.format("container_e%02d_%s_%02d_%06d", epoch, suffix, n, n));
      assertThat(ApplicationId.parse(application.toString())).isEqualTo(application);
      assertThat(ApplicationAttemptId.parse(attempt.toString())).isEqualTo(attempt);
      assertThat(ContainerId.parse(container.toString())).isEqualTo(container);
      assertThat(ContainerId.parse(afterRestart.toString())).isEqualTo(afterRestart);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"container_1_0001_01", "container_1_0001_01_", "container_1_0001_01_00000x",
      "container_1__01_000001", "container_1_0001_01_000001_", "container_e01_1_0001_01", "appattempt_1_0001_000001",
      "container_1_0001_01_٠٠٠٠٠١x"})
  void parse_malformedContainerId_namesTheValue(String text) {
    assertThatThrownBy(() -> ContainerId.parse(text)).isInstanceOf(WeftException.class)
        .hasMessageContaining("'" + text + "' is not a valid container id");
  }

  @Test
  void parse_aNumberTooLargeForALong_isNamed() {
    String text = "appattempt_99999999999999999999_0001_000001";
    assertThatThrownBy(() -> ApplicationAttemptId.parse(text)).isInstanceOf(WeftException.class)
        .hasMessageContaining("'" + text + "' has a number out of range: 99999999999999999999");
    assertThatThrownBy(() -> ApplicationAttemptId.parse("appattempt_1_0001")).isInstanceOf(WeftException.class)
        .hasMessageContaining("'appattempt_1_0001' is not a valid application attempt id");
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
