/**
 * Cluster mode: the driver endpoint that executor containers dial, and the one hand-off by which
 * the ApplicationMaster gives it to the {@code WeftContext} the user's main creates in the same JVM.
 */
package io.weft.driver.cluster;
