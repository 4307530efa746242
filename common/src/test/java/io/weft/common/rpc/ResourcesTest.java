package io.weft.common.rpc;

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
}
