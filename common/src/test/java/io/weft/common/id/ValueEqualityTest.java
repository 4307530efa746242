package io.weft.common.id;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.resource.Resource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ids and resources whose equals and hashCode are written out: equal values (built apart) are equal with equal
 * hashes, and a value differing in any one part is not equal.
 */
class ValueEqualityTest {
  private static final ApplicationId APP = new ApplicationId(1_700_000_000_000L, 7);
  private static final ApplicationAttemptId ATTEMPT = new ApplicationAttemptId(APP, 2);

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("node id", new NodeId("host-1", 8041), new NodeId(new String("host-1"), 8041),
            List.of(new NodeId("host-2", 8041), new NodeId("host-1", 8042))),
        Arguments.of("application id", APP, new ApplicationId(1_700_000_000_000L, 7),
            List.of(new ApplicationId(1_700_000_000_001L, 7), new ApplicationId(1_700_000_000_000L, 8))),
        Arguments.of("attempt id", ATTEMPT, new ApplicationAttemptId(new ApplicationId(1_700_000_000_000L, 7), 2),
            List.of(new ApplicationAttemptId(APP, 3), new ApplicationAttemptId(new ApplicationId(9, 7), 2))),
        Arguments.of("container id", new ContainerId(ATTEMPT, 5),
            new ContainerId(new ApplicationAttemptId(new ApplicationId(1_700_000_000_000L, 7), 2), 5),
            List.of(new ContainerId(ATTEMPT, 6), new ContainerId(new ApplicationAttemptId(APP, 1), 5))),
        Arguments.of("resource", new Resource(1024, 2, Map.of("gpu", 1L)), new Resource(1024, 2, Map.of("gpu", 1L)),
            List.of(new Resource(2048, 2, Map.of("gpu", 1L)), new Resource(1024, 3, Map.of("gpu", 1L)),
                new Resource(1024, 2, Map.of("gpu", 2L)), Resource.of(1024, 2))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void equalValues_areEqualWithEqualHashes_andADifferentPartIsNotEqual(String what, Object value, Object same,
      List<Object> different) {
    assertThat(same).isNotSameAs(value).isEqualTo(value).hasSameHashCodeAs(value);
    assertThat(value).isEqualTo(value).isNotEqualTo(null).isNotEqualTo("not a " + what);
    for (Object other : different) {
      assertThat(value).as(what + " against " + other).isNotEqualTo(other);
      assertThat(other).isNotEqualTo(value);
    }
  }
}
