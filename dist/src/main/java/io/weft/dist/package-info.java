/**
 * The installation: {@code bin/weft}'s entry point, the in-process local cluster, the quickstart,
 * and the {@code lib/} + {@code examples/} layout built into {@code dist/target/weft}.
 */
package io.weft.dist;
