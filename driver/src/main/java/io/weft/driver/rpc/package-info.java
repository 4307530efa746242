/**
 * The driver's wire: the DriverService endpoint executors and the client-mode ExecutorLauncher dial,
 * the executor's side of that session, the executors' ShuffleService and its fetcher, the few RM
 * calls of a client-mode driver, and the application-secret interceptors. The only package of this module that sees proto types.
 */
package io.weft.driver.rpc;
