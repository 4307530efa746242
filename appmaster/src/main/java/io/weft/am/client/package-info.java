/**
 * The public API for writing an ApplicationMaster on Weft, named after YARN's so that a YARN AM
 * author finds their way: {@link io.weft.am.client.AmRmClient} (register, container requests,
 * allocate, unregister) and its callback-driven {@link io.weft.am.client.AmRmClientAsync}, and
 * {@link io.weft.am.client.NmClientAsync} to start, stop and query containers on NodeManagers.
 *
 * <p>An AM is any process the ResourceManager starts in the AM container of an application. It
 * finds everything it needs in its environment (see {@link io.weft.am.client.AmRmClient#fromEnvironment()}):
 * {@code CONTAINER_ID} (its own container, hence its attempt id), {@code WEFT_RM_ADDRESS} (the RM's
 * gRPC address; with HA every RM's, comma-separated, to fail over along), {@code WEFT_AMRM_TOKEN} (the attempt's credential, sent on every call),
 * {@code NM_HOST}, {@code PWD}, {@code LOG_DIRS} and {@code WEFT_HOME}. Submit one with
 * {@code io.weft.client.AppSubmission}. Weft's own AMs (distributed shell, the examples'
 * {@code TrueAm}) are written against this package; see {@code docs/am-api.md}.
 */
package io.weft.am.client;
