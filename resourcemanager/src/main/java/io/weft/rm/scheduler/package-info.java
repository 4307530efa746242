/**
 * Scheduling: outstanding-ask bookkeeping and the capacity scheduler, a pure function from a
 * snapshot (nodes, leaf queues with their limits and usage, pending demand, reservations, the time)
 * to a plan that the RM core applies. A node for each container is picked by a
 * {@link io.weft.rm.scheduler.PlacementChain} of filters (each rejection with a reason) and weighted
 * scorers over the candidates {@link io.weft.rm.scheduler.NodeIndex} offers for the multi-resource
 * ask, so a placement usually costs O(log nodes), not a scan; locality with delay scheduling,
 * reservations, anti-affinity and gang asks are decided per container in one pass; preemption is
 * planned apart ({@link io.weft.rm.scheduler.PreemptionPlanner}). Every application left waiting
 * gets a reason.
 */
package io.weft.rm.scheduler;
