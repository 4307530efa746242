/**
 * The executor runtime: {@link io.weft.driver.executor.ExecutorMain} is the executor container's main class;
 * {@link io.weft.driver.executor.Executor} dials the driver, runs tasks on its cores and reports back;
 * {@link io.weft.driver.executor.TaskRunner} runs one task (also used by local mode's executor threads).
 */
package io.weft.driver.executor;
