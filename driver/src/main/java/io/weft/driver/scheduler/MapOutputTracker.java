package io.weft.driver.scheduler;

import io.weft.driver.storage.MapStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The driver's record of where each shuffle's map outputs are; an executor's outputs go with it. */
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

  /** Forgets every output held by {@code executorId}; returns how many. */
  public synchronized int executorLost(String executorId) {
    int lost = 0;
    for (MapStatus[] outputs : shuffles.values()) {
      for (int i = 0; i < outputs.length; i++) {
        if (outputs[i] != null && outputs[i].executorId().equals(executorId)) {
          outputs[i] = null;
          lost++;
        }
      }
    }
    return lost;
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
