/**
 * The applications this node runs containers for, with YARN's NodeManager application states: one
 * starts with its first container and ends once the RM has said it is over, its containers are done
 * and its working dirs are deleted; a finished one stays listed for a while, as YARN's NM keeps it
 * until it has handled its logs.
 */
package io.weft.nm.application;
