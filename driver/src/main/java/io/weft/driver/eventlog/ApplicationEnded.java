package io.weft.driver.eventlog;

import java.time.Instant;

/**
 * The last line of an event log, written when the context stops. {@code droppedEvents} counts events the driver
 * produced faster than the log could take them (the log is then short of them and says so).
 */
public record ApplicationEnded(Instant time, long droppedEvents) {}
