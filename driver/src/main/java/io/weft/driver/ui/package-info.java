/**
 * The driver's web UI (port 4040 by default): server-rendered pages and a JSON API over the
 * {@link io.weft.driver.status.AppStatusStore}, reachable directly or through the RM's proxy.
 */
package io.weft.driver.ui;
