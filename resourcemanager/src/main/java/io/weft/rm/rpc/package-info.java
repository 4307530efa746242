/**
 * gRPC adapters of the RM: the four services, the AMRM token check, token minting, the NM client
 * of the AM launcher, and the mappings between wire messages and the core's records. The only
 * package of the RM that sees generated proto classes.
 */
package io.weft.rm.rpc;
