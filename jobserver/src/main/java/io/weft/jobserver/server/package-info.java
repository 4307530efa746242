/**
 * The job server: {@link io.weft.jobserver.server.JobServerMain} is a cluster-mode driver's main that keeps one
 * {@code WeftContext} and its executors for every job, {@link io.weft.jobserver.server.JobServer} queues and runs
 * jobs (isolated ones in {@code IsolatedClasses} of their own), and {@link io.weft.jobserver.server.JobRoutes}
 * serves them over REST on the driver UI's server.
 */
package io.weft.jobserver.server;
