/**
 * NodeManager recovery: the store of container records ({@code NmStateStore}), re-attaching to
 * containers after a restart ({@code ContainerRecovery}) and killing process groups no record names
 * ({@code Orphans}).
 */
package io.weft.nm.recovery;
