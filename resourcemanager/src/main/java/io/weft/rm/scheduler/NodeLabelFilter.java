package io.weft.rm.scheduler;

/**
 * YARN's exclusive partitions: a node with a label serves only asks whose label expression names it,
 * and an ask without one goes to the nodes without a label (the default partition). The reason names
 * both partitions, "node partition gpu, ask wants <DEFAULT_PARTITION>", so a waiting reason counts the
 * labelled nodes an ask cannot use apart from the ones that lack room.
 */
public final class NodeLabelFilter implements PlacementFilter {
  @Override
  public String rejection(NodeView node, PlacementContext context) {
    String wanted = context.partition();
    String has = node.partition();
    // identity first: both are usually the same interned "" of the default partition
    if (has == wanted || has.equals(wanted)) {
      return null;
    }
    return "node partition " + NodeView.describe(has) + ", ask wants " + NodeView.describe(wanted);
  }
}
