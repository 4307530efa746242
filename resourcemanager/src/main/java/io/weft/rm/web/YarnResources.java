package io.weft.rm.web;

import static io.weft.rm.web.YarnJson.obj;

import com.fasterxml.jackson.core.JsonGenerator;
import io.weft.common.resource.Resource;
import io.weft.rm.core.ResourceSeconds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Resource maps in the JSON shapes YARN 3.4 sends them (a ResourceInfo is {@link ResourceJson}'s). */
final class YarnResources {
  private YarnResources() {}

  /**
   * An app's {@code resourceSecondsMap}: YARN's JAXB map writes one {@code entry} key per resource type in
   * the same object (repeated keys; a parser that keeps the last sees vcores). Sent the same way so that a
   * client written against YARN reads it as it reads YARN's.
   */
  static void writeSecondsMap(JsonGenerator out, String field, ResourceSeconds s) throws IOException {
    out.writeObjectFieldStart(field);
    entry(out, "memory-mb", s.memorySeconds());
    entry(out, "vcores", s.vcoreSeconds());
    out.writeEndObject();
  }

  /** {@code preemptedResourceSecondsMap}: as {@link #writeSecondsMap}, but {} while nothing was preempted. */
  static void writePreemptedSecondsMap(JsonGenerator out, String field, ResourceSeconds s) throws IOException {
    if (s.memorySeconds() == 0 && s.vcoreSeconds() == 0) {
      out.writeObjectFieldStart(field);
      out.writeEndObject();
    } else {
      writeSecondsMap(out, field, s);
    }
  }

  private static void entry(JsonGenerator out, String key, long value) throws IOException {
    out.writeObjectFieldStart("entry");
    out.writeStringField("key", key);
    out.writeStringField("value", Long.toString(value));
    out.writeEndObject();
  }

  /** A container's {@code allocatedResources}: an {@code entry} array of key/value strings (YARN 3.4). */
  static Map<String, Object> entries(Resource r) {
    List<Map<String, Object>> entries = new ArrayList<>();
    entries.add(obj("key", "memory-mb", "value", Long.toString(r.memoryMb())));
    entries.add(obj("key", "vcores", "value", Integer.toString(r.vcores())));
    r.others().forEach((name, value) -> entries.add(obj("key", name, "value", Long.toString(value))));
    return obj("entry", entries);
  }
}
