/**
 * Dynamic allocation (Spark's ExecutorAllocationManager): {@link io.weft.driver.allocation.AllocationPolicy}
 * decides, from snapshots of the task scheduler's load and an injected clock, how many executors the
 * application wants and which idle ones to release; {@link io.weft.driver.allocation.ExecutorAllocationManager}
 * takes the snapshots on a timer and carries the decisions out through the scheduler backend.
 */
package io.weft.driver.allocation;
