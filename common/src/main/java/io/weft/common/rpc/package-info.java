/**
 * gRPC plumbing every role shares: servers, channels, the one exception-to-status mapping, and
 * wire translations of common records.
 */
package io.weft.common.rpc;
