/**
 * The driver's event log: every {@link io.weft.driver.status.DriverEvent}, after an
 * {@link io.weft.driver.eventlog.ApplicationStarted} line, written as gzip-compressed JSON lines to the file
 * {@code eventlog.jsonl.gz} of the application in the aggregated log store, so that the history server can
 * rebuild the driver UI of a finished (or dead) application. Records are written by reflection, so a field
 * added to an event is logged without touching this package.
 */
package io.weft.driver.eventlog;
