/**
 * The NodeManager process: its composition root ({@link io.weft.nm.NodeManager}), command-line
 * entry point, configuration keys and resolved configuration.
 */
package io.weft.nm;
