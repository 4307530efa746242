/**
 * The RM core: one event-loop thread owns applications, attempts, nodes and containers. RPC
 * adapters hand it commands and get immutable records back through futures.
 */
package io.weft.rm.core;
