/**
 * Where applications' logs go when their nodes forget them: aggregated container logs and driver event logs,
 * named per application, published whole or kept in progress (see {@link io.weft.common.logstore.LogStore}).
 */
package io.weft.common.logstore;
