/**
 * Idle shutdown ({@code weft.driver.idleTimeout}): what counts as a driver's activity (running jobs,
 * a job server's keep-alives and holds), when it has been idle too long, and the diagnostic that says so.
 */
package io.weft.driver.idle;
