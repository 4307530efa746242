/** Weft's version and the Hadoop YARN API version it answers like, one place for every daemon. */
package io.weft.common.version;
