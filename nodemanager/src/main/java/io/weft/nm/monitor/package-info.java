/**
 * What the node's containers really use: the container monitor measures each container's process
 * tree from procfs, kills a container whose resident memory exceeds its size (exit status -104, as
 * YARN's pmem check), and sums containers and host into the utilization the heartbeat reports.
 */
package io.weft.nm.monitor;
