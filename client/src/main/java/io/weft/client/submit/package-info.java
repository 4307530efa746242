/** Submitting driver programs: flags, container sizing, cluster-mode submission. */
package io.weft.client.submit;
