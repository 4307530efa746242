/**
 * The AM's clients: ApplicationMasterService on the RM (with the AMRM token on every call) and
 * ContainerManagementService on the NMs, and (client mode) the launcher's session with the remote driver. The only package of this module that sees proto types.
 */
package io.weft.am.rpc;
