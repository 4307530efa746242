/**
 * What a user's program links against: {@link io.weft.driver.WeftConf}, {@link io.weft.driver.WeftContext} and
 * {@link io.weft.driver.Dataset}, {@link io.weft.driver.PairDataset} and {@link io.weft.driver.Pair}. The
 * context picks a scheduler backend from the master URL: in-JVM executor threads for {@code local[N]};
 * for {@code weft} / {@code weft://host:port} the cluster backend the ApplicationMaster installed
 * (cluster mode) or, when there is none, a client-mode backend with its own ExecutorLauncher AM.
 */
package io.weft.driver;
