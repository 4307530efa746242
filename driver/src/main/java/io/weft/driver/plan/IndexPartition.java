package io.weft.driver.plan;

/** A partition known by its index alone (e.g. a reduce partition of a shuffle). */
public record IndexPartition(int index) implements Partition {}
