package io.weft.common.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.weft.common.resource.Resource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire form of a resource, reused for the same resource asked again, never for another. */
class ResourcesTest {
  @Test
  void eachResourceComesBackAsItWentAcrossSizesAndTypes() {
    Resource small = new Resource(1024, 1, Map.of());
    Resource withGpu = new Resource(1024, 1, Map.of("gpu", 2L));
    Resource large = new Resource(8192, 4, Map.of());

    for (Resource r : new Resource[] {small, withGpu, small, large, large, Resource.NONE, withGpu}) {
      assertEquals(r, Resources.fromProto(Resources.toProto(r)));
    }
  }

  @Test
  void theSameResourceAskedAgainGetsTheSameMessage() {
    Resource r = new Resource(2048, 2, Map.of("fpga", 1L));

    assertSame(Resources.toProto(r), Resources.toProto(new Resource(2048, 2, Map.of("fpga", 1L))));
  }

  /**
   * The other resource types travel as a map<string, int64> would (field 3, each entry key 1, value 2): what a peer
   * that declares the field a map writes is read, a name given twice as a map reads it (the last wins), and what
   * this side writes is those bytes.
   */
  @Test
  void otherTypesTravelAsAProtobufMap() throws Exception {
    byte[] gpu = entry("gpu", 2);
    byte[] memoryAndVcores = {0x08, (byte) 0x80, 0x08, 0x10, 0x02}; // memory_mb 1024, vcores 2
    byte[] fromAMapPeer = concat(memoryAndVcores, field3(gpu), field3(entry("fpga", 1)), field3(entry("fpga", 3)));
    assertEquals(new Resource(1024, 2, Map.of("gpu", 2L, "fpga", 3L)),
        Resources.fromProto(io.weft.proto.Resource.parseFrom(fromAMapPeer)));

    byte[] written = Resources.toProto(new Resource(1024, 2, Map.of("gpu", 2L))).toByteArray();
    assertArrayEquals(concat(memoryAndVcores, field3(gpu)), written);
  }

  private static byte[] entry(String key, int value) {
    byte[] name = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return concat(new byte[] {0x0a, (byte) name.length}, name, new byte[] {0x10, (byte) value});
  }

  private static byte[] field3(byte[] entry) {
    return concat(new byte[] {0x1a, (byte) entry.length}, entry);
  }

  private static byte[] concat(byte[]... parts) {
    var out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
