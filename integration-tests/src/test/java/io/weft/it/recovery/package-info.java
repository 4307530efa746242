/**
 * Recovery end to end: {@link io.weft.it.recovery.ProcessCluster} runs the RM and NMs as separate
 * JVMs on fixed ports so tests can kill -9 and restart them on the same state; the tests prove
 * work-preserving RM restart and NM recovery by the final answers of real jobs.
 */
package io.weft.it.recovery;
