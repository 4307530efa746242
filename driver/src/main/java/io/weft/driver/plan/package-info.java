/**
 * Lineage and tasks: a dataset is a chain of {@link io.weft.driver.plan.Lineage} nodes, each with
 * partitions and dependencies on its parents; an action turns the lineage into serializable
 * {@link io.weft.driver.plan.Task}s, one per partition. Only narrow (one-to-one) dependencies exist so
 * far; a shuffle dependency is where a later stage boundary will be cut.
 */
package io.weft.driver.plan;
