/**
 * How a client process reaches the cluster: the channels its configuration asks for (TLS, the user's
 * token). Sits above {@code rpc}, {@code security} and {@code tls}, which do not depend on it.
 */
package io.weft.common.connect;
