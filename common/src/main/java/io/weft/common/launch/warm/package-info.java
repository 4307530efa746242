/**
 * Warm JVMs: the main a NodeManager's pooled JVM runs ({@link io.weft.common.launch.warm.WarmJvm}) and
 * the claim it is handed ({@link io.weft.common.launch.warm.WarmClaim}). The pool itself is the
 * NodeManager's ({@code io.weft.nm.warm}).
 */
package io.weft.common.launch.warm;
