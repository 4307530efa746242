package io.weft.rm.scheduler;

/**
 * The node is as local as delay scheduling demands now: at {@link PlacementContext.Level#NODE} a named
 * host, at {@link PlacementContext.Level#RACK} a named host or a node in one of the context's racks, at
 * {@link PlacementContext.Level#ANY} any node. (The scheduler also asks the index for the nodes of
 * those hosts and racks only, so this check costs nothing on the usual path; it keeps a chain honest
 * when fed other candidates.)
 */
public final class LocalityFilter implements PlacementFilter {
  public static final String NOT_NAMED_HOST = "not a named host";
  public static final String NOT_LOCAL_RACK = "not in a named rack";

  @Override
  public String rejection(NodeView node, PlacementContext context) {
    return switch (context.level()) {
      case ANY -> null;
      case NODE -> context.onNamedHost(node) ? null : NOT_NAMED_HOST;
      case RACK -> context.racks().contains(node.rack()) || context.onNamedHost(node) ? null : NOT_LOCAL_RACK;
    };
  }
}
