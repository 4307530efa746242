package io.weft.client.admin;

import static java.util.Objects.requireNonNull;

import io.weft.client.records.NodeReport;
import java.util.List;

/** What {@code refreshNodes} answers: the nodes the refresh moved, in their new state, and the files it read. */
public record NodesRefreshed(List<NodeReport> nodes, String source) {
  public NodesRefreshed {
    nodes = List.copyOf(nodes);
    requireNonNull(source, "source");
  }
}
