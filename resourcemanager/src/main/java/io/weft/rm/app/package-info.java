/** Applications and their attempts: lifecycles, submissions, the loop-owned entities and immutable reports. */
package io.weft.rm.app;
