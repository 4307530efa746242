package io.weft.rm.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.web.Json;
import java.nio.charset.StandardCharsets;
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
}
