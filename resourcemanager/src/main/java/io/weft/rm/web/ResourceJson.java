package io.weft.rm.web;

import static io.weft.rm.web.YarnJson.obj;

import io.weft.common.resource.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A resource as YARN 3's REST API writes one ({@code ResourceInfo}): {@code memory} and
 * {@code vCores}, and every resource type in {@code resourceInformations.resourceInformation[]}
 * (memory-mb in Mi, vcores, then any others Weft knows, without units).
 */
final class ResourceJson {
  /** The bounds YARN writes beside a used or limit value: none. */
  static final Resource NO_MINIMUM = Resource.NONE;
  static final Resource NO_MAXIMUM = new Resource(Long.MAX_VALUE, Integer.MAX_VALUE, Map.of());

  private ResourceJson() {}

  static Map<String, Object> resource(Resource r) {
    return resource(r, NO_MINIMUM, NO_MAXIMUM);
  }

  /**
   * With the allocation bounds YARN writes beside a configured value (the scheduler's minimum and
   * maximum allocation).
   */
  static Map<String, Object> resource(Resource r, Resource minimum, Resource maximum) {
    List<Map<String, Object>> infos = new ArrayList<>();
    infos.add(information("memory-mb", "Mi", r.memoryMb(), minimum.memoryMb(), maximum.memoryMb()));
    infos.add(information("vcores", "", r.vcores(), minimum.vcores(),
        maximum.vcores() == Integer.MAX_VALUE ? Long.MAX_VALUE : maximum.vcores()));
    r.others().forEach((name, value) -> infos.add(information(name, "", value, 0, Long.MAX_VALUE)));
    return obj("memory", r.memoryMb(), "vCores", r.vcores(),
        "resourceInformations", obj("resourceInformation", infos));
  }

  /**
   * {@code r} naming every resource type {@code like} names (0 where it has none): YARN lists each type of the
   * cluster in a used or available figure, not only those in use.
   */
  static Resource withTypesOf(Resource r, Resource like) {
    if (like.others().keySet().stream().allMatch(r.others()::containsKey)) {
      return r;
    }
    Map<String, Long> others = new java.util.TreeMap<>(r.others());
    like.others().keySet().forEach(type -> others.putIfAbsent(type, 0L));
    return new Resource(r.memoryMb(), r.vcores(), others);
  }

  private static Map<String, Object> information(String name, String units, long value, long minimum, long maximum) {
    return obj("attributes", Map.of(), "maximumAllocation", maximum, "minimumAllocation", minimum, "name", name,
        "resourceType", "COUNTABLE", "units", units, "value", value);
  }
}
