package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;

/** Decides whether an ask may go on a node. Stateless. */
public interface NodeFilter {
  Verdict test(NodeView node, Resource ask);

  /** Whether the node passes, and if not, why (for diagnostics). */
  record Verdict(boolean passes, String reason) {
    public static final Verdict PASS = new Verdict(true, "");

    public static Verdict reject(String reason) {
      return new Verdict(false, reason);
    }
  }
}
