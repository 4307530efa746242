/**
 * The ApplicationMaster process: {@link io.weft.am.ApplicationMasterMain} (composition root) and
 * {@link io.weft.am.ApplicationMaster}, which registers with the RM, hosts the driver in cluster mode,
 * negotiates executor containers and unregisters with the driver's final status; and, in client mode,
 * {@link io.weft.am.ExecutorLauncher}, which only negotiates executors for a remote driver.
 */
package io.weft.am;
