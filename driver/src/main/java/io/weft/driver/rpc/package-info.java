/**
 * The driver's wire: the DriverService endpoint executors dial, the executor's side of that session,
 * and the application-secret interceptors. The only package of this module that sees proto types.
 */
package io.weft.driver.rpc;
