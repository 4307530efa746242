/**
 * The embedded HTTP server of the RM and NM web apps: routing, JSON answers, YARN's RemoteException
 * error bodies, HTML escaping and Prometheus text. Built on Jetty 12's core (no servlets).
 */
package io.weft.common.web;
