/**
 * The embedded HTTP server of the RM and NM web apps: routing, JSON answers, YARN's RemoteException
 * error bodies, HTML escaping and Prometheus text. Built on the JDK's {@code com.sun.net.httpserver}.
 */
package io.weft.common.web;
