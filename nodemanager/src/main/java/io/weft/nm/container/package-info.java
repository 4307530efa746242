/**
 * Containers on this node: the lifecycle table, the container entity, and the manager that
 * admits (fit check), localizes, launches, stops and forgets them.
 */
package io.weft.nm.container;
