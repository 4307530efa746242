package io.weft.rm.scheduler;

/** The application has not excluded the node (YARN's AM blacklist): excluded nodes are never used. */
public final class ExclusionFilter implements PlacementFilter {
  public static final String EXCLUDED = "excluded by the application";

  @Override
  public String rejection(NodeView node, PlacementContext context) {
    return context.excluded().contains(node.nodeId()) ? EXCLUDED : null;
  }
}
