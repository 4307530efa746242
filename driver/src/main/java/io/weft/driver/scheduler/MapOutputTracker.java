package io.weft.driver.scheduler;

import io.weft.driver.storage.MapStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.List;
import java.util.Map;

/**
 * The driver's record of where each shuffle's map outputs are. An executor's outputs go with it, unless
 * its node's shuffle service serves them; those go when a fetch from that service fails (then every
 * output that service serves goes, as the node's files are presumably gone: Spark's behaviour).
 */
public final class MapOutputTracker {
  private final Map<Integer, MapStatus[]> shuffles = new HashMap<>();

  /** Declares a shuffle of {@code numMaps} map partitions (no-op if known). */
  public synchronized void register(int shuffleId, int numMaps) {
    shuffles.computeIfAbsent(shuffleId, id -> new MapStatus[numMaps]);
  }

  public synchronized void add(int shuffleId, MapStatus status) {
    MapStatus[] outputs = shuffles.get(shuffleId);
    if (outputs == null) {
      throw new IllegalStateException("shuffle " + shuffleId + " is not registered");
    }
    outputs[status.mapPartition()] = status;
  }

  /** Map partitions of {@code shuffleId} with no live output. */
  public synchronized List<Integer> missing(int shuffleId) {
    MapStatus[] outputs = shuffles.get(shuffleId);
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < outputs.length; i++) {
      if (outputs[i] == null) {
        missing.add(i);
      }
    }
    return missing;
  }

  /** Every output of {@code shuffleId}, in map partition order; fails if one is missing. */
  public synchronized List<MapStatus> outputs(int shuffleId) {
    MapStatus[] outputs = shuffles.get(shuffleId);
    if (outputs == null || Arrays.stream(outputs).anyMatch(o -> o == null)) {
      throw new IllegalStateException("shuffle " + shuffleId + " has missing map outputs");
    }
    return List.of(outputs);
  }

  /** The executor is gone: forgets the outputs it served itself (not those its node's service serves); how many. */
  public synchronized int executorLost(String executorId) {
    return forget(o -> o.executorId().equals(executorId) && !o.servedByNodeService());
  }

  /**
   * A reduce task could not fetch output written by {@code executorId}: forgets every output of the node
   * services that served that executor's outputs, or, when it served them itself, every output of that
   * executor. Returns how many.
   */
  public synchronized int fetchFailed(String executorId) {
    Set<String> services = new HashSet<>();
    for (MapStatus[] outputs : shuffles.values()) {
      for (MapStatus o : outputs) {
        if (o != null && o.executorId().equals(executorId) && o.servedByNodeService()) {
          services.add(o.location());
        }
      }
    }
    return forget(o -> o.executorId().equals(executorId)
        || (o.servedByNodeService() && services.contains(o.location())));
  }

  private int forget(Predicate<MapStatus> lost) {
    int count = 0;
    for (MapStatus[] outputs : shuffles.values()) {
      for (int i = 0; i < outputs.length; i++) {
        if (outputs[i] != null && lost.test(outputs[i])) {
          outputs[i] = null;
          count++;
        }
      }
    }
    return count;
  }

  /** Executors holding output of {@code shuffleId}, by map partition (for locality). */
  public synchronized Map<Integer, String> holders(int shuffleId) {
    Map<Integer, String> holders = new HashMap<>();
    MapStatus[] outputs = shuffles.getOrDefault(shuffleId, new MapStatus[0]);
    for (int i = 0; i < outputs.length; i++) {
      if (outputs[i] != null) {
        holders.put(i, outputs[i].executorId());
      }
    }
    return holders;
  }
}
