/**
 * Warm JVMs: idle JVMs this NodeManager keeps per heap size, each claimed by at most one container of
 * Weft's own command shape instead of a JVM start (see docs/warm-jvms.md). {@link io.weft.nm.warm.WarmJvmPool}
 * keeps them, {@link io.weft.nm.warm.WarmCommand} decides which commands may use one, and
 * {@link io.weft.nm.warm.PooledJvm} hands one over to its container.
 */
package io.weft.nm.warm;
