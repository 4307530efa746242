/** Turning a container into an OS process: directories, environment, launch script, process groups. */
package io.weft.nm.launch;
