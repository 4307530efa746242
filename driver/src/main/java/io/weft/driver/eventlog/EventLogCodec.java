package io.weft.driver.eventlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.driver.status.DriverEvent;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One event log line per record, by reflection over the record's components: {@code {"@type":"TaskEnded",
 * "taskId":7,...}}. Nested records, lists, sets, maps, optionals, arrays, enums, {@link Instant}s and
 * {@link Duration}s (ISO-8601 text), strings, booleans and numbers are written; reading builds the same record
 * through its canonical constructor. A component a line lacks (written before the field existed) reads as
 * empty: "" for text, an empty collection, {@code Optional.empty()}, 0 or false, else null; a field the record
 * no longer has is ignored. A nested record whose declared type is an interface carries its class in
 * {@code @type} too (only {@code io.weft.} records are read back).
 */
public final class EventLogCodec {
  static final String TYPE = "@type";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, Class<? extends Record>> types = new LinkedHashMap<>();

  private EventLogCodec() {
    for (Class<?> event : DriverEvent.class.getPermittedSubclasses()) {
      register(event.asSubclass(Record.class));
    }
    register(ApplicationStarted.class);
    register(ApplicationEnded.class);
  }

  /** Every {@link DriverEvent} type (whatever the sealed interface permits today) and the application lines. */
  public static EventLogCodec standard() {
    return new EventLogCodec();
  }

  private void register(Class<? extends Record> type) {
    types.put(type.getSimpleName(), type);
  }

  /** The record types a line may name, by tag. */
  public Map<String, Class<? extends Record>> types() {
    return Collections.unmodifiableMap(types);
  }

  /** One line of JSON (no newline). */
  public String encode(Record record) {
    String tag = record.getClass().getSimpleName();
    if (types.get(tag) != record.getClass()) {
      throw new IllegalArgumentException("the event log does not know the record type " + record.getClass().getName());
    }
    ObjectNode node = NODES.objectNode();
    node.put(TYPE, tag);
    writeComponents(record, node);
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + tag + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The record one line holds; an {@link IllegalArgumentException} names what is wrong with it. */
  public Record decode(String line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event log line is not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject() || !node.path(TYPE).isTextual()) {
      throw new IllegalArgumentException("event log line has no " + TYPE + ": " + abbreviate(line));
    }
    Class<? extends Record> type = types.get(node.get(TYPE).asText());
    if (type == null) {
      throw new IllegalArgumentException("event log line of unknown type " + node.get(TYPE).asText());
    }
    return readRecord(node, type);
  }

  private void writeComponents(Record record, ObjectNode node) {
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      Object value;
      try {
        component.getAccessor().setAccessible(true);
        value = component.getAccessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + record.getClass().getSimpleName() + "."
            + component.getName() + ": " + e, e);
      }
      node.set(component.getName(), toJson(value, component.getGenericType(), component.getName()));
    }
  }

  private JsonNode toJson(Object value, Type declared, String field) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof String || value instanceof Character) {
      return NODES.textNode(value.toString());
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      // JSON has no NaN or infinity: they are written as text and parsed back
      return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return NODES.numberNode(((Number) value).longValue());
    }
    if (value instanceof Enum<?> e) {
      return NODES.textNode(e.name());
    }
    if (value instanceof Instant || value instanceof Duration) {
      return NODES.textNode(value.toString());
    }
    if (value instanceof Optional<?> optional) {
      return optional.isPresent() ? toJson(optional.get(), typeArgument(declared, 0), field) : NODES.nullNode();
    }
    if (value instanceof Collection<?> items) {
      ArrayNode array = NODES.arrayNode();
      items.forEach(item -> array.add(toJson(item, typeArgument(declared, 0), field)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k instanceof Enum<?> e ? e.name() : k),
          toJson(v, typeArgument(declared, 1), field)));
      return object;
    }
    if (value.getClass().isArray()) {
      ArrayNode array = NODES.arrayNode();
      for (int i = 0; i < Array.getLength(value); i++) {
        array.add(toJson(Array.get(value, i), value.getClass().getComponentType(), field));
      }
      return array;
    }
    if (value instanceof Record record) {
      ObjectNode object = NODES.objectNode();
      if (rawClass(declared) != record.getClass()) {
        object.put(TYPE, record.getClass().getName());
      }
      writeComponents(record, object);
      return object;
    }
    throw new IllegalArgumentException("the event log cannot write field " + field + " of type "
        + value.getClass().getName());
  }

  private Record readRecord(JsonNode node, Class<?> declared) {
    Class<?> type = declared;
    if (node.has(TYPE) && !types.containsKey(node.get(TYPE).asText())) {
      type = nestedType(node.get(TYPE).asText(), declared);
    }
    if (!type.isRecord()) {
      throw new IllegalArgumentException("event log value for " + declared.getName() + " names no record type");
    }
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] parameterTypes = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      parameterTypes[i] = components[i].getType();
      args[i] = fromJson(node.get(components[i].getName()), components[i].getGenericType(), components[i].getName());
    }
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
      constructor.setAccessible(true);
      return (Record) constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("event log line makes no valid " + type.getSimpleName() + ": "
          + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getName() + ": " + e, e);
    }
  }

  private static Class<?> nestedType(String name, Class<?> declared) {
    if (!name.startsWith("io.weft.")) {
      throw new IllegalArgumentException("event log names a record type outside Weft: " + name);
    }
    try {
      Class<?> type = Class.forName(name, false, EventLogCodec.class.getClassLoader());
      if (!declared.isAssignableFrom(type) || !type.isRecord()) {
        throw new IllegalArgumentException("event log type " + name + " is not a record of " + declared.getName());
      }
      return type;
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("event log names an unknown type " + name, e);
    }
  }

  private Object fromJson(JsonNode node, Type declared, String field) {
    Class<?> raw = rawClass(declared);
    if (node == null || node.isNull() || node.isMissingNode()) {
      return empty(raw);
    }
    if (raw == String.class) {
      return node.asText();
    }
    if (raw == int.class || raw == Integer.class) {
      return node.asInt();
    }
    if (raw == long.class || raw == Long.class) {
      return node.asLong();
    }
    if (raw == double.class || raw == Double.class) {
      return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
    }
    if (raw == float.class || raw == Float.class) {
      return node.isTextual() ? Float.parseFloat(node.asText()) : (float) node.asDouble();
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return node.asBoolean();
    }
    if (raw == short.class || raw == Short.class) {
      return (short) node.asInt();
    }
    if (raw == byte.class || raw == Byte.class) {
      return (byte) node.asInt();
    }
    if (raw == char.class || raw == Character.class) {
      return node.asText().isEmpty() ? '\0' : node.asText().charAt(0);
    }
    if (raw.isEnum()) {
      return enumValue(raw, node.asText());
    }
    if (raw == Instant.class) {
      return Instant.parse(node.asText());
    }
    if (raw == Duration.class) {
      return Duration.parse(node.asText());
    }
    if (raw == Optional.class) {
      return Optional.ofNullable(fromJson(node, typeArgument(declared, 0), field));
    }
    if (Collection.class.isAssignableFrom(raw)) {
      List<Object> items = new ArrayList<>();
      node.forEach(item -> items.add(fromJson(item, typeArgument(declared, 0), field)));
      return Set.class.isAssignableFrom(raw) ? Collections.unmodifiableSet(new LinkedHashSet<>(items))
          : Collections.unmodifiableList(items);
    }
    if (Map.class.isAssignableFrom(raw)) {
      Map<Object, Object> map = new LinkedHashMap<>();
      Type keyType = typeArgument(declared, 0);
      node.fields().forEachRemaining(e -> map.put(mapKey(e.getKey(), rawClass(keyType)),
          fromJson(e.getValue(), typeArgument(declared, 1), field)));
      return Collections.unmodifiableMap(map);
    }
    if (raw.isArray()) {
      Object array = Array.newInstance(raw.getComponentType(), node.size());
      for (int i = 0; i < node.size(); i++) {
        Array.set(array, i, fromJson(node.get(i), raw.getComponentType(), field));
      }
      return array;
    }
    if (raw.isRecord() || raw.isInterface() && node.has(TYPE)) {
      return readRecord(node, raw);
    }
    throw new IllegalArgumentException("the event log cannot read field " + field + " of type " + declared);
  }

  /** What a component a line lacks reads as (see the class comment). */
  private static Object empty(Class<?> raw) {
    if (raw == String.class) {
      return "";
    }
    if (raw == Optional.class) {
      return Optional.empty();
    }
    if (Set.class.isAssignableFrom(raw)) {
      return Set.of();
    }
    if (Collection.class.isAssignableFrom(raw)) {
      return List.of();
    }
    if (Map.class.isAssignableFrom(raw)) {
      return Map.of();
    }
    if (raw == boolean.class) {
      return false;
    }
    if (raw == char.class) {
      return '\0';
    }
    if (raw.isPrimitive()) {
      return Array.get(Array.newInstance(raw, 1), 0);
    }
    return null;
  }

  private static Object mapKey(String key, Class<?> type) {
    if (type == Integer.class) {
      return Integer.valueOf(key);
    }
    if (type == Long.class) {
      return Long.valueOf(key);
    }
    if (type.isEnum()) {
      return enumValue(type, key);
    }
    return key;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<?> type, String name) {
    return Enum.valueOf((Class<? extends Enum>) type, name);
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }
}
