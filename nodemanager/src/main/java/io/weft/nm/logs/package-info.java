/** Container log files on this node and the byte ranges clients read from them. */
package io.weft.nm.logs;
