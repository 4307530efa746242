package io.weft.client.admin;

import static java.util.Objects.requireNonNull;

import io.weft.client.records.QueueInfo;

/** What {@code refreshQueues} answers: the queue tree now in force and where it was read from. */
public record QueuesRefreshed(QueueInfo root, String source) {
  public QueuesRefreshed {
    requireNonNull(root, "root");
    requireNonNull(source, "source");
  }
}
