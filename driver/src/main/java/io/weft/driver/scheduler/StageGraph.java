package io.weft.driver.scheduler;

import io.weft.driver.plan.Dependency;
import io.weft.driver.plan.Lineage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Where a lineage is cut into stages: the shuffle dependencies a stage reads, found through narrow ones. */
final class StageGraph {
  private StageGraph() {}

  /** The shuffles whose outputs a task computing {@code lineage} reads (its stage's parent stages). */
  static List<Dependency.Shuffle> shuffleInputs(Lineage<?> lineage) {
    List<Dependency.Shuffle> found = new ArrayList<>();
    collect(lineage, found, new HashSet<>());
    return found;
  }

  private static void collect(Lineage<?> lineage, List<Dependency.Shuffle> found, Set<Integer> seen) {
    if (!seen.add(lineage.id())) {
      return;
    }
    for (Dependency dependency : lineage.dependencies()) {
      if (dependency instanceof Dependency.Shuffle shuffle) {
        if (found.stream().noneMatch(s -> s.shuffleId() == shuffle.shuffleId())) {
          found.add(shuffle);
        }
      } else {
        collect(dependency.parent(), found, seen);
      }
    }
  }
}
