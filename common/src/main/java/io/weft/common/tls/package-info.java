/**
 * TLS: the settings of a process ({@link io.weft.common.tls.TlsSettings}), the PEM files it reads, the
 * cluster CA that {@code bin/weft security} makes, who a peer proved to be, and which hosts its
 * certificate names. Depends on {@code rpc} for its errors; {@code rpc} takes gRPC's own credentials, so
 * it does not depend on this package.
 */
package io.weft.common.tls;
