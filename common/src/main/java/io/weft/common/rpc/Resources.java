package io.weft.common.rpc;

import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceUtilization;

/** Translates {@link Resource} and {@link ResourceUtilization} to and from their wire forms. */
public final class Resources {
  private Resources() {}

  public static io.weft.proto.Resource toProto(Resource r) {
    return io.weft.proto.Resource.newBuilder().setMemoryMb(r.memoryMb()).setVcores(r.vcores())
        .putAllOthers(r.others()).build();
  }

  public static Resource fromProto(io.weft.proto.Resource r) {
    return new Resource(r.getMemoryMb(), r.getVcores(), r.getOthersMap());
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
