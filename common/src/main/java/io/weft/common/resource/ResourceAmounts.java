package io.weft.common.resource;

import io.weft.common.config.ConfigException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Amounts of the other resource types a driver asks per container, from Spark's naming with Weft's prefix:
 * {@code weft.executor.resource.gpu.amount=1} (each executor), {@code weft.driver.resource.gpu.amount=1} (the
 * driver's AM container in cluster mode).
 */
public final class ResourceAmounts {
  public static final String EXECUTOR_PREFIX = "weft.executor.resource.";
  public static final String DRIVER_PREFIX = "weft.driver.resource.";
  private static final String SUFFIX = ".amount";

  private ResourceAmounts() {}

  /** Every {@code <prefix><type>.amount} of {@code settings}, by type; a bad amount names its key. */
  public static Map<String, Long> of(Map<String, String> settings, String prefix) {
    Map<String, Long> out = new TreeMap<>();
    settings.forEach((key, value) -> {
      if (key.startsWith(prefix) && key.endsWith(SUFFIX) && key.length() > prefix.length() + SUFFIX.length()) {
        String type = key.substring(prefix.length(), key.length() - SUFFIX.length());
        long amount = amount(key, value, 0);
        if (amount > 0) {
          out.put(type, amount);
        }
      }
    });
    return out;
  }

  /** {@code value} of {@code key} as a whole number of at least {@code minimum}; a bad one names the key. */
  public static long amount(String key, String value, long minimum) {
    long amount;
    try {
      amount = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new ConfigException("configuration " + key + "=" + value + " is not a whole number");
    }
    if (amount < minimum) {
      throw new ConfigException("configuration " + key + "=" + value
          + (minimum == 0 ? " must not be negative" : " must be at least " + minimum));
    }
    return amount;
  }

  /** The settings of {@code settings} under {@code prefix}, to hand on to a process that asks for containers. */
  public static Map<String, String> keys(Map<String, String> settings, String prefix) {
    Map<String, String> out = new TreeMap<>();
    settings.forEach((key, value) -> {
      if (key.startsWith(prefix) && key.endsWith(SUFFIX)) {
        out.put(key, value);
      }
    });
    return out;
  }
}
