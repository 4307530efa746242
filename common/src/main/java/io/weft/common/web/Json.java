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

  /**
   * Written into a buffer the calling thread keeps, then copied out once: Jackson's own way allocates the answer
   * twice (in blocks, then the copy), and a REST listing answered in a loop made that the largest garbage of a busy
   * RM. A thread keeps at most {@link Output#KEPT_BYTES}; a larger answer's buffer is dropped after it.
   */
  public static byte[] write(Object value) {
    Output out = OUTPUT.get();
    try {
      MAPPER.writeValue(out, value);
      return out.copy();
    } catch (JsonProcessingException e) {
      throw WeftException.internal("cannot write JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write JSON to memory", e); // a ByteArrayOutputStream cannot fail
    } finally {
      out.clear();
    }
  }

  private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

  private static final class Output extends java.io.ByteArrayOutputStream {
    static final int KEPT_BYTES = 1 << 20;

    Output() {
      super(8192);
    }

    byte[] copy() {
      return java.util.Arrays.copyOf(buf, count);
    }

    void clear() {
      if (buf.length > KEPT_BYTES) {
        buf = new byte[8192];
      }
      count = 0;
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
