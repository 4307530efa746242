/**
 * The ResourceManager's configuration keys ({@link io.weft.rm.config.RmKeys}), in a package of their own so the
 * web, auth and RPC edges read them without depending on the process that wires them together.
 */
package io.weft.rm.config;
