/**
 * Container executors: how a container's dirs are made and its launch script started. The default
 * runs containers as the NodeManager's own user; the Linux one (NodeManager as root) runs each as
 * the application's submitting user, after checking the user may run containers on this host.
 */
package io.weft.nm.executor;
