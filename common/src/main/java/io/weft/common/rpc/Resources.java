package io.weft.common.rpc;

import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceUtilization;
import io.weft.proto.ResourceAmount;
import java.util.HashMap;
import java.util.Map;

/** Translates {@link Resource} and {@link ResourceUtilization} to and from their wire forms. */
public final class Resources {
  private Resources() {}

  /**
   * The wire form, the last one made reused when it is asked for again: an application's containers are mostly
   * of one size, and a reused message also keeps its serialized size, so a reply of thousands of containers
   * builds (and measures, map field included) one resource message, not one each.
   */
  public static io.weft.proto.Resource toProto(Resource r) {
    Converted seen = lastConverted;
    if (seen.resource().equals(r)) {
      return seen.proto();
    }
    var proto = io.weft.proto.Resource.newBuilder().setMemoryMb(r.memoryMb()).setVcores(r.vcores());
    r.others().forEach((name, value) -> proto.addOthers(ResourceAmount.newBuilder().setName(name).setValue(value)));
    Converted made = new Converted(r, proto.build());
    lastConverted = made;
    return made.proto();
  }

  /** Messages are immutable, so any thread may hand out the one another made. */
  private record Converted(Resource resource, io.weft.proto.Resource proto) {}

  private static volatile Converted lastConverted =
      new Converted(Resource.NONE, io.weft.proto.Resource.getDefaultInstance());

  public static Resource fromProto(io.weft.proto.Resource r) {
    if (r.getOthersCount() == 0) {
      return new Resource(r.getMemoryMb(), r.getVcores(), Map.of());
    }
    Map<String, Long> others = new HashMap<>();
    r.getOthersList().forEach(amount -> others.put(amount.getName(), amount.getValue())); // as a map: the last wins
    return new Resource(r.getMemoryMb(), r.getVcores(), others);
  }

  public static io.weft.proto.ResourceUtilization toProto(ResourceUtilization u) {
    return io.weft.proto.ResourceUtilization.newBuilder().setPmemMb(u.pmemMb()).setVmemMb(u.vmemMb())
        .setCpuVcores(u.cpuVcores()).build();
  }

  /** An absent or nonsensical (negative) report reads as nothing measured. */
  public static ResourceUtilization fromProto(io.weft.proto.ResourceUtilization u) {
    if (u.getPmemMb() < 0 || u.getVmemMb() < 0 || !(u.getCpuVcores() >= 0)) {
      return ResourceUtilization.NONE;
    }
    return new ResourceUtilization(u.getPmemMb(), u.getVmemMb(), u.getCpuVcores());
  }
}
