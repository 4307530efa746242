/**
 * Client mode: the driver runs in the submitting JVM and a light ExecutorLauncher AM negotiates its
 * executors. {@link io.weft.driver.client.ClientModeBackend} submits the launcher, serves DriverService
 * (executors, the launcher, jar and file downloads) and waits for the launcher to connect back.
 */
package io.weft.driver.client;
