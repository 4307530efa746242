/** Unpacking the archives applications ship (zip, jar, tar, tar.gz) into a container's working directory. */
package io.weft.common.archive;
