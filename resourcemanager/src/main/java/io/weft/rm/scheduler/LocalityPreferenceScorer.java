package io.weft.rm.scheduler;

/**
 * Prefers nodes the ask names: 100 for a named host, 50 for a node in a local rack, 0 elsewhere. It
 * applies only at the rack level, where both kinds can pass the {@link LocalityFilter}; with delay
 * scheduling the scheduler tries named hosts before racks anyway, so it decides between nodes only
 * in chains fed other candidates.
 */
public final class LocalityPreferenceScorer implements PlacementScorer {
  @Override
  public double score(NodeView node, PlacementContext context) {
    if (context.onNamedHost(node)) {
      return 100;
    }
    return context.racks().contains(node.rack()) ? 50 : 0;
  }

  @Override
  public boolean appliesTo(PlacementContext context) {
    return context.level() == PlacementContext.Level.RACK;
  }
}
