/**
 * Chaos end to end: {@link io.weft.it.chaos.ChaosRun} starts the RM and NMs as separate processes
 * ({@link io.weft.it.recovery.ProcessCluster}), runs a seeded mix of applications with known answers
 * and, on a schedule drawn from the same seed, kills executors, AM containers, NodeManagers and the
 * RM with kill -9. Every application must end with the right answer or fail saying which kill it
 * was, and nothing may be left running.
 */
package io.weft.it.chaos;
