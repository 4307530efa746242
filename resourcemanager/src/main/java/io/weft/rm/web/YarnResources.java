package io.weft.rm.web;

import static io.weft.rm.web.YarnJson.obj;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
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
  static Object secondsMap(ResourceSeconds s) {
    return new RepeatedEntries(List.of(
        obj("key", "memory-mb", "value", Long.toString(s.memorySeconds())),
        obj("key", "vcores", "value", Long.toString(s.vcoreSeconds()))));
  }

  /** {@code preemptedResourceSecondsMap}: as {@link #secondsMap}, but YARN's empty object while nothing was preempted. */
  static Object preemptedSecondsMap(ResourceSeconds s) {
    return s.memorySeconds() == 0 && s.vcoreSeconds() == 0 ? Map.of() : secondsMap(s);
  }

  /** A container's {@code allocatedResources}: an {@code entry} array of key/value strings (YARN 3.4). */
  static Map<String, Object> entries(Resource r) {
    List<Map<String, Object>> entries = new ArrayList<>();
    entries.add(obj("key", "memory-mb", "value", Long.toString(r.memoryMb())));
    entries.add(obj("key", "vcores", "value", Integer.toString(r.vcores())));
    r.others().forEach((name, value) -> entries.add(obj("key", name, "value", Long.toString(value))));
    return obj("entry", entries);
  }

  /** An object with one {@code entry} key per element, as YARN's JAXB maps are written. */
  private record RepeatedEntries(List<Map<String, Object>> entries) implements JsonSerializable {
    @Override
    public void serialize(JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeStartObject();
      for (Map<String, Object> entry : entries) {
        gen.writeFieldName("entry");
        provider.defaultSerializeValue(entry, gen);
      }
      gen.writeEndObject();
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
        throws IOException {
      serialize(gen, provider);
    }
  }
}
