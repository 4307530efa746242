package io.weft.common.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.weft.common.rpc.WeftException;

/** JSON in and out of the web apps (Jackson, one shared thread-safe mapper). */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw WeftException.internal("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses a request body; a body that is not JSON is a 400 saying where it broke. */
  public static JsonNode read(byte[] body) {
    if (body.length == 0) {
      throw WeftException.invalidArgument("the request has no JSON body");
    }
    try {
      return MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw WeftException.invalidArgument("the request body is not valid JSON: " + e.getMessage().lines()
          .findFirst().orElse(""));
    }
  }
}
