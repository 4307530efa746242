/** The history server's gRPC adapters: the aggregated log store's service over its directory. */
package io.weft.history.rpc;
