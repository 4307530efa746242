/** Where the RM keeps what must survive it: applications (and later attempts and master keys). */
package io.weft.rm.store;
