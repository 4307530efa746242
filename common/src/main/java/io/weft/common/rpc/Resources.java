package io.weft.common.rpc;

import io.weft.common.resource.Resource;

/** Translates {@link Resource} to and from its wire form. */
public final class Resources {
  private Resources() {}

  public static io.weft.proto.Resource toProto(Resource r) {
    return io.weft.proto.Resource.newBuilder().setMemoryMb(r.memoryMb()).setVcores(r.vcores())
        .putAllOthers(r.others()).build();
  }

  public static Resource fromProto(io.weft.proto.Resource r) {
    return new Resource(r.getMemoryMb(), r.getVcores(), r.getOthersMap());
  }
}
