package io.weft.common.resource;

import static java.util.Objects.requireNonNull;

/** A node's measured use: the sum over its running containers, and the whole host (the NodeManager included). */
public record NodeUtilization(ResourceUtilization containers, ResourceUtilization node) {
  public static final NodeUtilization NONE = new NodeUtilization(ResourceUtilization.NONE, ResourceUtilization.NONE);

  public NodeUtilization {
    requireNonNull(containers);
    requireNonNull(node);
  }
}
