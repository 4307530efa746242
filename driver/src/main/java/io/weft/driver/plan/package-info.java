/**
 * Lineage and tasks: a dataset is a chain of {@link io.weft.driver.plan.Lineage} nodes, each with
 * partitions and dependencies on its parents; an action turns the lineage into serializable
 * {@link io.weft.driver.plan.Task}s, one per partition: result tasks for the action, shuffle map tasks
 * for the stages before it. A {@link io.weft.driver.plan.Dependency.Shuffle} is where a stage boundary
 * is cut; narrow ones (one-to-one, union) stay in one task.
 */
package io.weft.driver.plan;
