package io.weft.driver.plan;

/**
 * How a lineage node depends on a parent. Narrow: partition i needs only the parent's partition i,
 * so both run in one task. A shuffle dependency (later) cuts the lineage into stages.
 */
public sealed interface Dependency permits Dependency.OneToOne {
  Lineage<?> parent();

  record OneToOne(Lineage<?> parent) implements Dependency {}
}
