package io.weft.driver.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.driver.Pair;
import io.weft.driver.function.SerializableFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.Test;

class DeserializationFilterTest {
  private static final ClassLoader APP = DeserializationFilterTest.class.getClassLoader();
  private static final DeserializationLimits SMALL = new DeserializationLimits(50, 1_000, 10_000, 64 * 1024);

  @Test
  void valuesCollectionsLambdasAndWeftClasses_areAdmitted() {
    Map<String, List<Object>> value = new HashMap<>();
    value.put("k", new ArrayList<>(List.of(1, 2L, "three", java.time.Instant.EPOCH, new Pair<>("a", 1))));
    assertThat(JavaSerializer.<Map<String, List<Object>>>deserialize(JavaSerializer.serialize(value), APP))
        .isEqualTo(value);
    SerializableFunction<Integer, Integer> twice = x -> x * 2;
    assertThat(JavaSerializer.<SerializableFunction<Integer, Integer>>deserialize(JavaSerializer.serialize(twice), APP)
        .apply(21)).isEqualTo(42);
  }

  @Test
  void gadgetClass_isRefusedNamingTheClassAndItsPackage() {
    byte[] gadget = JavaSerializer.serialize(new BadAttributeValueExpException("x"));
    assertThatThrownBy(() -> JavaSerializer.deserialize(gadget, APP))
        .isInstanceOf(RefusedObjectException.class)
        .hasMessageContaining("class javax.management.BadAttributeValueExpException is in package javax.management")
        .hasMessageContaining("gadget");
  }

  @Test
  void urlDnsPayload_isRefusedAtTheUrl() throws Exception {
    // the classic URLDNS probe: deserializing the map hashes the URL, which resolves its host
    Map<URL, String> probe = new HashMap<>();
    probe.put(new URL("http://attacker.invalid/"), "x");
    assertThatThrownBy(() -> JavaSerializer.deserialize(JavaSerializer.serialize(probe), APP))
        .isInstanceOf(RefusedObjectException.class)
        .hasMessageContaining("class java.net.URL of the JDK is not a value or collection class");
  }

  @Test
  void libraryOnWeftsClassPath_isRefusedWhenTheApplicationHasItsOwnLoader() throws Exception {
    try (URLClassLoader userJar = new URLClassLoader("weft-user", new URL[0], APP)) {
      byte[] list = JavaSerializer.serialize(com.google.common.collect.ImmutableList.of("a"));
      assertThatThrownBy(() -> JavaSerializer.deserialize(list, userJar))
          .isInstanceOf(RefusedObjectException.class)
          .hasMessageContaining("class com.google.common.collect.ImmutableList")
          .hasMessageContaining("neither the application's (weft-user class loader) nor Weft's");
      assertThat(JavaSerializer.<Object>deserialize(JavaSerializer.serialize(new Pair<>("a", 1)), userJar))
          .isEqualTo(new Pair<>("a", 1));
    }
  }

  @Test
  void graphDeeperThanTheLimit_isRefusedNamingTheLimit() {
    List<Object> deep = new ArrayList<>();
    List<Object> cursor = deep;
    for (int i = 0; i < 100; i++) {
      List<Object> inner = new ArrayList<>();
      cursor.add(inner);
      cursor = inner;
    }
    byte[] bytes = JavaSerializer.serialize(deep);
    assertThatThrownBy(() -> JavaSerializer.deserialize(bytes, APP, SMALL))
        .isInstanceOf(RefusedObjectException.class)
        .hasMessageContaining("object graph deeper than the limit of 50");
  }

  @Test
  void payloadLargerThanTheLimit_isRefusedBeforeReading() {
    byte[] bytes = JavaSerializer.serialize("x".repeat(100_000));
    assertThatThrownBy(() -> JavaSerializer.deserialize(bytes, APP, SMALL))
        .isInstanceOf(RefusedObjectException.class)
        .hasMessageContaining("a payload of " + bytes.length + " bytes")
        .hasMessageContaining("exceeds the limit of 65536 bytes");
  }

  @Test
  void arrayClaimingMoreThanTheLimit_isRefusedBeforeItIsAllocated() {
    // a hostile peer's 40 bytes that claim 100 million longs: 800 MB would be allocated before reading
    byte[] claim = JavaSerializer.serialize(new long[1]);
    java.nio.ByteBuffer.wrap(claim).putInt(claim.length - Long.BYTES - Integer.BYTES, 100_000_000);
    assertThatThrownBy(() -> JavaSerializer.deserialize(claim, APP))
        .isInstanceOf(RefusedObjectException.class)
        .hasMessageContaining("an array of 100000000 long (800000000 bytes) exceeds the limit of 268435456 bytes");
    assertThatThrownBy(() -> JavaSerializer.deserialize(JavaSerializer.serialize(new Object[2_000]), APP, SMALL))
        .isInstanceOf(RefusedObjectException.class)
        .hasMessageContaining("an array of 2000 elements exceeds the limit of 1000 elements");
  }

  @Test
  void moreReferencesThanTheLimit_isRefused() {
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      List<Integer> chunk = new ArrayList<>();
      for (int j = 0; j < 600; j++) {
        chunk.add(i * 1000 + j);
      }
      many.add(chunk);
    }
    DeserializationLimits fewReferences = new DeserializationLimits(50, 1_000, 5_000, 1024 * 1024);
    assertThatThrownBy(() -> JavaSerializer.deserialize(JavaSerializer.serialize(many), APP, fewReferences))
        .isInstanceOf(RefusedObjectException.class)
        .hasMessageContaining("more than the limit of 5000 objects and references");
  }

  @Test
  void streamOfRecords_appliesTheLimitsToEachRecord_notToTheWholeStream() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      for (int i = 0; i < 2_000; i++) {
        out.writeObject(new Pair<>("key-" + i, "v".repeat(100)));
        out.reset();
      }
      out.writeObject(new BadAttributeValueExpException("x"));
    }
    assertThat(bytes.size()).isGreaterThan((int) SMALL.maxBytes());
    try (FilteredObjectInput in = new FilteredObjectInput(new ByteArrayInputStream(bytes.toByteArray()), APP,
        SMALL)) {
      for (int i = 0; i < 2_000; i++) {
        assertThat(in.<Pair<String, String>>readRecord("record " + i).key()).isEqualTo("key-" + i);
      }
      assertThatThrownBy(() -> in.readRecord("the last record"))
          .isInstanceOf(RefusedObjectException.class)
          .hasMessageContaining("refused to deserialize the last record: class "
              + "javax.management.BadAttributeValueExpException");
    }
  }
}
