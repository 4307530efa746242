/**
 * What a running driver publishes about itself: {@link io.weft.driver.status.DriverEvent}s from the
 * job runner and the task scheduler, and {@link io.weft.driver.status.AppStatusStore}, a bounded
 * in-memory picture of jobs, stages, tasks and executors built from them, which the driver UI reads.
 */
package io.weft.driver.status;
