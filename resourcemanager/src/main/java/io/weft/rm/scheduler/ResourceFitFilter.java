package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;

/** Passes nodes whose free resources hold the ask. */
public final class ResourceFitFilter implements NodeFilter {
  @Override
  public Verdict test(NodeView node, Resource ask) {
    if (ask.fitsIn(node.free())) {
      return Verdict.PASS;
    }
    return Verdict.reject(node.nodeId() + " has only " + node.free().memoryMb() + " MB and " + node.free().vcores()
        + " vcores free");
  }
}
