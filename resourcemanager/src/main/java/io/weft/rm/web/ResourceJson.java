package io.weft.rm.web;

import com.fasterxml.jackson.core.JsonGenerator;
import io.weft.common.resource.Resource;
import java.io.IOException;
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

  static WrittenJson resource(Resource r) {
    return resource(r, NO_MINIMUM, NO_MAXIMUM);
  }

  /**
   * With the allocation bounds YARN writes beside a configured value (the scheduler's minimum and
   * maximum allocation).
   */
  static WrittenJson resource(Resource r, Resource minimum, Resource maximum) {
    return out -> {
      out.writeStartObject();
      out.writeNumberField("memory", r.memoryMb());
      out.writeNumberField("vCores", r.vcores());
      out.writeObjectFieldStart("resourceInformations");
      out.writeArrayFieldStart("resourceInformation");
      information(out, "memory-mb", "Mi", r.memoryMb(), minimum.memoryMb(), maximum.memoryMb());
      information(out, "vcores", "", r.vcores(), minimum.vcores(),
          maximum.vcores() == Integer.MAX_VALUE ? Long.MAX_VALUE : maximum.vcores());
      for (Map.Entry<String, Long> other : r.others().entrySet()) {
        information(out, other.getKey(), "", other.getValue(), 0, Long.MAX_VALUE);
      }
      out.writeEndArray();
      out.writeEndObject();
      out.writeEndObject();
    };
  }

  /** One partition's usage as YARN's PartitionResourcesInfo (an entry of {@code resourceUsagesByPartition}). */
  static WrittenJson partition(String partition, Resource used, Resource reserved, Resource pending,
      Resource amUsed, Resource amLimit, Resource userAmLimit) {
    return out -> {
      out.writeStartObject();
      out.writeStringField("partitionName", partition);
      field(out, "used", used);
      field(out, "reserved", reserved);
      field(out, "pending", pending);
      field(out, "amUsed", amUsed);
      field(out, "amLimit", amLimit);
      field(out, "userAmLimit", userAmLimit);
      out.writeEndObject();
    };
  }

  private static void field(JsonGenerator out, String name, Resource r) throws IOException {
    out.writeFieldName(name);
    resource(r).write(out);
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

  private static void information(JsonGenerator out, String name, String units, long value, long minimum,
      long maximum) throws IOException {
    out.writeStartObject();
    out.writeObjectFieldStart("attributes");
    out.writeEndObject();
    out.writeNumberField("maximumAllocation", maximum);
    out.writeNumberField("minimumAllocation", minimum);
    out.writeStringField("name", name);
    out.writeStringField("resourceType", "COUNTABLE");
    out.writeStringField("units", units);
    out.writeNumberField("value", value);
    out.writeEndObject();
  }
}
