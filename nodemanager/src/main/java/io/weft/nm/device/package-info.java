/**
 * The node's countable devices (GPUs and other types of {@code weft.resource-types}): what it has, found by a
 * count or a discovery script, and which container holds which device.
 */
package io.weft.nm.device;
