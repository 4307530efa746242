/**
 * Shuffle block files as driver and NodeManager both know them ({@link io.weft.shuffle.ShuffleBlocks}),
 * and the NodeManager shuffle service's record of which executor's files live where, for whom
 * ({@link io.weft.shuffle.ShuffleRegistrations}).
 */
package io.weft.shuffle;
