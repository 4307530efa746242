/** The gRPC serving of shuffle block files: an executor's own ShuffleService and the NodeManager's shuffle service. */
package io.weft.shuffle.rpc;
