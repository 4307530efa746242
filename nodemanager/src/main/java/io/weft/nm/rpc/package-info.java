/**
 * The NM's gRPC edges: the ContainerManagementService, the link to the RM's ResourceTracker and
 * StagingService, container-token verification, and the proto <-> domain mapping.
 */
package io.weft.nm.rpc;
