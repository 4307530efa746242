/**
 * The node's health checks (YARN's NodeHealthCheckerService): an operator's health script and a
 * check of the local and log directories, whose combined verdict the NM reports in every heartbeat.
 */
package io.weft.nm.health;
