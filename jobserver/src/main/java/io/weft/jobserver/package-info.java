/**
 * The job server's public API: the {@link io.weft.jobserver.Job} a user writes and the
 * {@link io.weft.jobserver.JobContext} it runs with, and the server's configuration keys. Depends on nothing
 * of the server's internals ({@code io.weft.jobserver.server}).
 */
package io.weft.jobserver;
