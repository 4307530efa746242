/**
 * The history server: the default aggregated {@link io.weft.common.logstore.LogStore} (reached over gRPC, so
 * nodes need nothing shared) and the driver UI of finished applications, rebuilt from their event logs.
 */
package io.weft.history;
