/**
 * Where the RM keeps what must survive it: applications, their attempts and the RM's identity.
 * {@link io.weft.rm.StateStores} picks the RocksDB store (durable, the default) or the in-memory one;
 * the RocksDB store is an edge and maps the records to {@code rm_state.proto} itself.
 */
package io.weft.rm.store;
