/**
 * Scheduling: outstanding-ask bookkeeping, node filters (with reasons) and scorers, and the FIFO
 * policy, a pure function from a cluster snapshot and the pending demand to a plan that the RM
 * core applies.
 */
package io.weft.rm.scheduler;
