/**
 * From actions to running tasks. {@link io.weft.driver.scheduler.JobRunner} turns an action into a job of
 * stages cut at shuffles (running missing map stages first, skipping those whose outputs exist, and
 * recomputing outputs lost with an executor) and a stage into a
 * {@link io.weft.driver.scheduler.TaskSet}; {@link io.weft.driver.scheduler.TaskScheduler} places tasks on
 * free executor slots, retries failures and reports results. Executors are reached through
 * {@link io.weft.driver.scheduler.ExecutorHandle}, whatever they are (in-JVM threads, remote processes).
 */
package io.weft.driver.scheduler;
