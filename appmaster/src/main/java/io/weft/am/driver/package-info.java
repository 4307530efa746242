/** Cluster mode: runs the user's main class from the user jar, in its own class loader, in a thread named Driver. */
package io.weft.am.driver;
