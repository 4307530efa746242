package io.weft.driver.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.driver.status.DriverEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventLogCodecTest {
  private final EventLogCodec codec = EventLogCodec.standard();

  /** Every event the sealed interface permits (today's and those added later) and the application lines, 25 seeds each. */
  static Stream<Arguments> typesAndSeeds() {
    Stream<Class<?>> types = Stream.concat(Arrays.stream(DriverEvent.class.getPermittedSubclasses()),
        Stream.of(ApplicationStarted.class, ApplicationEnded.class));
    return types.flatMap(type -> LongStream.range(0, 25).mapToObj(seed -> Arguments.of(type.getSimpleName(), type,
        seed)));
  }

  @ParameterizedTest(name = "{0} seed {2}")
  @MethodSource("typesAndSeeds")
  void everyRecordType_readsBackEqual(String name, Class<?> type, long seed) throws Exception {
    Record written = new RandomRecords(seed).of(type);

    String line = codec.encode(written);

    assertThat(line).doesNotContain("\n").startsWith("{\"@type\":\"" + name + "\"");
    assertThat(codec.decode(line)).isEqualTo(written);
  }

  @Test
  void everyDriverEventType_isKnownByItsSimpleName() {
    assertThat(codec.types().keySet()).containsAll(Arrays.stream(DriverEvent.class.getPermittedSubclasses())
        .map(Class::getSimpleName).toList());
  }

  @Test
  void fieldsMissingFromAnOlderLine_readAsEmpty_andUnknownFieldsAreIgnored() {
    Record read = codec.decode("{\"@type\":\"JobEnded\",\"jobId\":3,\"time\":\"2026-12-03T05:00:00Z\","
        + "\"addedLater\":[1,2]}");

    assertThat(read).isEqualTo(new DriverEvent.JobEnded(3, "", Instant.parse("2026-12-03T05:00:00Z")));
  }

  @Test
  void aLineOfUnknownTypeOrNoJson_isRefusedNamingWhy() {
    assertThatThrownBy(() -> codec.decode("{\"@type\":\"Nope\"}")).hasMessageContaining("unknown type Nope");
    assertThatThrownBy(() -> codec.decode("not json")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> codec.decode("{\"jobId\":1}")).hasMessageContaining("no @type");
  }

  @Test
  void aRecordTypeOutsideTheLog_isRefused() {
    record Foreign(int x) {}
    assertThatThrownBy(() -> codec.encode(new Foreign(1))).hasMessageContaining("does not know the record type");
  }
}
