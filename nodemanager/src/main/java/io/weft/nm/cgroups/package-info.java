/**
 * Container cgroups: each container in its own cgroup (v2 unified hierarchy, or the v1 memory and
 * cpu controllers) with a hard memory limit and a CPU weight by vcores, removed when it ends.
 */
package io.weft.nm.cgroups;
