package io.weft.driver.storage;

/** One cached partition: the partition {@code partition} of the cached lineage {@code lineageId}. */
public record CachedBlock(int lineageId, int partition) {}
