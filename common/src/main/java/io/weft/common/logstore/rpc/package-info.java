/** The client of the history server's log store service: a {@link io.weft.common.logstore.LogStore} over gRPC. */
package io.weft.common.logstore.rpc;
