package io.weft.nm.device;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Which live container holds which device: a container asking {@code gpu 2} gets two devices no other live
 * container holds, lowest ids first, and gives them back when it completes. Thread-safe.
 */
public final class DeviceAllocator {
  private static final Logger LOG = LogManager.getLogger();
  private final DeviceInventory inventory;
  private final Map<String, Set<String>> free = new TreeMap<>();
  private final Map<ContainerId, Map<String, List<String>>> held = new HashMap<>();

  public DeviceAllocator(DeviceInventory inventory) {
    this.inventory = requireNonNull(inventory);
    inventory.byType().forEach((type, ids) -> free.put(type, new LinkedHashSet<>(ids)));
  }

  public DeviceInventory inventory() {
    return inventory;
  }

  /**
   * Takes devices for {@code id} as many as {@code resource} names of each type; empty (nothing taken) when some
   * type has too few free. A container already holding devices keeps what it holds.
   */
  public synchronized Optional<Map<String, List<String>>> assign(ContainerId id, Resource resource) {
    Map<String, List<String>> already = held.get(id);
    if (already != null) {
      return Optional.of(already);
    }
    for (var e : resource.others().entrySet()) {
      if (e.getValue() > 0 && free.getOrDefault(e.getKey(), Set.of()).size() < e.getValue()) {
        return Optional.empty();
      }
    }
    Map<String, List<String>> taken = new TreeMap<>();
    resource.others().forEach((type, amount) -> {
      if (amount > 0) {
        List<String> ids = new ArrayList<>();
        var it = lowestFirst(free.get(type)).iterator();
        while (ids.size() < amount) {
          String device = it.next();
          ids.add(device);
        }
        free.get(type).removeAll(ids);
        taken.put(type, List.copyOf(ids));
      }
    });
    held.put(id, Map.copyOf(taken));
    return Optional.of(held.get(id));
  }

  /**
   * Takes back the devices a container held before a NodeManager restart. A device no longer free (the node now
   * reports fewer, or another record claims it) is left out with a warning rather than given twice.
   */
  public synchronized void restore(ContainerId id, Map<String, List<String>> devices) {
    Map<String, List<String>> taken = new TreeMap<>();
    devices.forEach((type, ids) -> {
      Set<String> available = free.getOrDefault(type, new LinkedHashSet<>());
      List<String> got = new ArrayList<>();
      for (String device : ids) {
        if (available.remove(device)) {
          got.add(device);
        } else {
          LOG.warn("{} held {} device {} before the restart, which is not free now; not restored", id, type, device);
        }
      }
      taken.put(type, List.copyOf(got));
    });
    held.put(id, Map.copyOf(taken));
  }

  /** Gives back what {@code id} holds (nothing when it holds nothing). */
  public synchronized void release(ContainerId id) {
    Map<String, List<String>> devices = held.remove(id);
    if (devices != null) {
      devices.forEach((type, ids) -> free.get(type).addAll(ids));
    }
  }

  /** What {@code id} holds, by type; empty when nothing. */
  public synchronized Map<String, List<String>> heldBy(ContainerId id) {
    return held.getOrDefault(id, Map.of());
  }

  /** Free device ids of each type, for reports. */
  public synchronized Map<String, List<String>> free() {
    Map<String, List<String>> out = new TreeMap<>();
    free.forEach((type, ids) -> out.put(type, lowestFirst(ids)));
    return out;
  }

  /** Numeric ids in numeric order (10 after 9), others after them by name, so assignments are predictable. */
  private static List<String> lowestFirst(Set<String> ids) {
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort((a, b) -> {
      boolean na = a.chars().allMatch(Character::isDigit);
      boolean nb = b.chars().allMatch(Character::isDigit);
      if (na && nb) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
      }
      return na ? -1 : nb ? 1 : a.compareTo(b);
    });
    return sorted;
  }
}
