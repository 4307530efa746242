package io.weft.rm.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;

/**
 * A value that writes its own JSON, field by field, where a map per value would be garbage: an application
 * in a listing (thousands per answer, answered in a loop by dashboards) and the resources inside it. It can
 * stand anywhere a map of {@link YarnJson#obj} can.
 */
interface WrittenJson extends JsonSerializable {
  void write(JsonGenerator out) throws IOException;

  @Override
  default void serialize(JsonGenerator out, SerializerProvider provider) throws IOException {
    write(out);
  }

  @Override
  default void serializeWithType(JsonGenerator out, SerializerProvider provider, TypeSerializer typeSer)
      throws IOException {
    write(out);
  }
}
