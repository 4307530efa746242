package io.weft.history;

import io.weft.common.web.RouteTable;
import io.weft.driver.status.AppStatusStore;

/**
 * A finished (or dead) application's driver UI, rebuilt from its event log: the status store and the UI's routes
 * over it. {@code truncated}: the log ends early (the driver still runs, or died).
 */
record LoadedApplication(ApplicationSummary summary, AppStatusStore store, RouteTable ui, boolean truncated,
    long droppedEvents) {}
