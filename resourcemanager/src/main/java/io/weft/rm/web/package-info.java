/**
 * The RM's web app: YARN's {@code /ws/v1/cluster} REST API, the console (server-rendered shells
 * filled by a small script that polls the REST API), {@code /proxy/{appId}/}, and {@code /metrics}.
 * It reads RM state only through {@link io.weft.rm.core.RmCore}'s queries.
 */
package io.weft.rm.web;
