package io.weft.nm.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** YARN's container-executor.cfg rules, case by case: who is admitted, who is refused and why. */
class ContainerUserPolicyTest {
  private static final ContainerId ID = new ContainerId(new ApplicationAttemptId(new ApplicationId(1, 1), 1), 1);
  private static final ContainerUserPolicy POLICY = new ContainerUserPolicy(1000, Set.of("hdfs", "sysbanned"),
      Set.of("spark", "sysbanned"));

  @ParameterizedTest(name = "{0} (uid {1}) is admitted")
  @CsvSource({"alice, 1000", "bob, 60000", "spark, 998"})
  void admitted(String user, int uid) {
    assertThat(POLICY.admit(ID, user, account(user, uid)).uid()).isEqualTo(uid);
  }

  @ParameterizedTest(name = "{0} (uid {1}) is refused: {2}")
  @CsvSource(delimiter = '|', value = {
      "root      | 0    | PERMISSION_DENIED   | uid 0 (root) never runs containers",
      "hdfs      | 1001 | PERMISSION_DENIED   | the user is banned (weft.nodemanager.banned-users=hdfs,sysbanned)",
      "sysbanned | 500  | PERMISSION_DENIED   | the user is banned",
      "daemon    | 1    | PERMISSION_DENIED   | its uid 1 is below weft.nodemanager.min-user-id=1000 and the user is not in "
          + "weft.nodemanager.allowed-system-users",
      "ghost     | -1   | FAILED_PRECONDITION | no user 'ghost' exists on this host"})
  void refused(String user, int uid, WeftException.Code code, String why) {
    Optional<LocalUser> found = uid < 0 ? Optional.empty() : account(user, uid);

    assertThatThrownBy(() -> POLICY.admit(ID, user, found))
        .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageStartingWith(ID + " of user '" + user + "' refused: " + why);
  }

  private static Optional<LocalUser> account(String user, int uid) {
    return Optional.of(new LocalUser(user, uid, uid, Path.of("/home", user)));
  }
}
