package io.weft.rm.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.resource.Resource;
import io.weft.common.web.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestSubmissionParseTest {
  private static final String BODY = "{\"application-id\":\"application_1_0001\",%s"
      + "\"am-container-spec\":{\"commands\":{\"command\":\"java Am\"}}}";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "                                                       | false",
      "\"keep-containers-across-application-attempts\":false, | false",
      "\"keep-containers-across-application-attempts\":true,  | true"})
  void keepContainersAcrossAttempts_reachesTheSubmission(String field, boolean expected) {
    byte[] body = BODY.formatted(field == null ? "" : field).getBytes(StandardCharsets.UTF_8);

    assertThat(AppWrites.parse(Json.read(body)).toSubmission().keepContainersAcrossAttempts()).isEqualTo(expected);
  }

  @Test
  void resourceInformations_carryTheAmsOtherResourceTypes() {
    String resource = "\"resource\":{\"memory\":2048,\"vCores\":2,\"resourceInformations\":{\"resourceInformation\":["
        + "{\"name\":\"memory-mb\",\"value\":2048},{\"name\":\"vcores\",\"value\":2},"
        + "{\"name\":\"gpu\",\"value\":1}]}},";
    byte[] body = BODY.formatted(resource).getBytes(StandardCharsets.UTF_8);

    assertThat(AppWrites.parse(Json.read(body)).amResource()).isEqualTo(new Resource(2048, 2, Map.of("gpu", 1L)));
  }
}
