/**
 * What the administrator calls of {@link io.weft.client.WeftClient} answer (YARN's {@code rmadmin} and Weft's
 * user tokens): small immutable records, free of protobuf. Points in time are epoch milliseconds, 0 = none.
 */
package io.weft.client.admin;
