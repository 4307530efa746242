/**
 * The Weft ResourceManager process: {@link io.weft.rm.ResourceManager} is the composition root,
 * {@link io.weft.rm.ResourceManagerMain} the command-line entry point, {@link io.weft.rm.config.RmKeys}
 * its configuration keys.
 */
package io.weft.rm;
