package io.weft.rm;

import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceAmounts;
import io.weft.common.resource.ResourceTypes;
import io.weft.rm.config.RmKeys;
import java.util.Map;
import java.util.TreeMap;

/**
 * The largest container an operator allows: {@code weft.scheduler.maximum-allocation-mb} and {@code -vcores},
 * and for a type {@code t} of {@code weft.resource-types} the optional
 * {@code weft.resource-types.t.maximum-allocation} (YARN's {@code yarn.resource-types.t.maximum-allocation}).
 * A type without one is bounded only by the largest active node.
 */
final class ConfiguredMaximum {
  private static final String TYPE_PREFIX = "weft.resource-types.";
  private static final String MAXIMUM_SUFFIX = ".maximum-allocation";

  private ConfiguredMaximum() {}

  static Resource of(WeftConfig config, ResourceTypes types) {
    Map<String, Long> others = new TreeMap<>();
    for (String key : config.asMap().keySet()) {
      if (!key.startsWith(TYPE_PREFIX) || !key.endsWith(MAXIMUM_SUFFIX)) {
        continue;
      }
      String type = key.substring(TYPE_PREFIX.length(), key.length() - MAXIMUM_SUFFIX.length());
      if (!types.contains(type)) {
        throw new ConfigException("configuration " + key + " limits resource type '" + type + "', which is not one "
            + "of the cluster's resource types [" + String.join(",", types.names()) + "] (weft.resource-types)");
      }
      others.put(type, ResourceAmounts.amount(key, config.raw(key).orElseThrow(), 1));
    }
    return new Resource(config.get(RmKeys.MAXIMUM_ALLOCATION_MB), config.get(RmKeys.MAXIMUM_ALLOCATION_VCORES),
        others);
  }
}
