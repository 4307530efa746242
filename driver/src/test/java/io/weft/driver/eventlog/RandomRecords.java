package io.weft.driver.eventlog;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Random instances of any record, by reflection over its components (so events and fields added later are
 * covered without touching the tests): strings with quotes, newlines and non-ASCII text, extreme numbers,
 * nested records, lists, maps and optionals.
 */
final class RandomRecords {
  private static final String[] TEXT = {"", "count at Pi.java:31", "quote \" back\\slash", "line\nbreak\ttab",
      "ünïcødé ✓ 日本", "{\"@type\":\"JobEnded\"}", "x".repeat(300)};
  private final Random random;

  RandomRecords(long seed) {
    this.random = new Random(seed);
  }

  Record of(Class<?> type) throws ReflectiveOperationException {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      args[i] = value(components[i].getGenericType());
    }
    var constructor = type.getDeclaredConstructor(types);
    constructor.setAccessible(true);
    return (Record) constructor.newInstance(args);
  }

  private Object value(Type type) throws ReflectiveOperationException {
    Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == String.class) {
      return TEXT[random.nextInt(TEXT.length)];
    }
    if (raw == int.class || raw == Integer.class) {
      return pick(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, random.nextInt());
    }
    if (raw == long.class || raw == Long.class) {
      return pick(0L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, random.nextLong());
    }
    if (raw == double.class || raw == Double.class) {
      return pick(0.0, -0.5, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, random.nextDouble());
    }
    if (raw == float.class || raw == Float.class) {
      return pick(0f, 1.5f, Float.NaN, random.nextFloat());
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return random.nextBoolean();
    }
    if (raw == Instant.class) {
      return Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
    }
    if (raw == Duration.class) {
      return Duration.ofMillis(random.nextInt(1_000_000));
    }
    if (raw.isEnum()) {
      Object[] constants = raw.getEnumConstants();
      return constants[random.nextInt(constants.length)];
    }
    Type[] args = type instanceof ParameterizedType p ? p.getActualTypeArguments() : new Type[0];
    if (raw == Optional.class) {
      return random.nextBoolean() ? Optional.empty() : Optional.of(value(args[0]));
    }
    if (raw == List.class) {
      List<Object> items = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        items.add(value(args[0]));
      }
      return List.copyOf(items);
    }
    if (raw == Map.class) {
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        map.put(value(args[0]), value(args[1]));
      }
      return Map.copyOf(map);
    }
    if (raw.isRecord()) {
      return of(raw);
    }
    throw new AssertionError("RandomRecords cannot make a " + type + "; teach it");
  }

  @SafeVarargs
  private <T> T pick(T... values) {
    return values[random.nextInt(values.length)];
  }
}
