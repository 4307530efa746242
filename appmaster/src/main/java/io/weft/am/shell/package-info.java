/**
 * Distributed shell: {@link io.weft.am.shell.DistributedShellAm}, an ApplicationMaster written on the
 * public AM API ({@link io.weft.am.client}) that runs a shell command or script in N containers and
 * reports every exit code. It lives in the appmaster module, which is on every node's class path, so
 * {@code weft distributed-shell} ships no jar. {@code weft distributed-shell} is its client.
 */
package io.weft.am.shell;
